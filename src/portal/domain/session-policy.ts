/**
 * Session and sign-in limits (docs/portal.md "Sessions"), after OWASP's Session Management and
 * Authentication Cheat Sheets: a short idle time and an absolute end, fresh sign-in for sensitive
 * actions, and a lockout that is the same for known and unknown addresses (no account enumeration).
 */
export const SESSION_POLICY = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3600_000,
  /** A sensitive action needs a sign-in at most this old. */
  recentAuthMs: 10 * 60_000,
  /** Failed sign-ins of one address within the window before it is locked for the window. */
  failuresPerAccount: 5,
  /** Failed sign-ins from one client address within the window before it is refused. */
  failuresPerClient: 30,
  windowMs: 15 * 60_000,
  invitationTtlMs: 72 * 3600_000,
} as const;
