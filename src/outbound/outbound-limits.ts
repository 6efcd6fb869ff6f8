/**
 * Every outbound HTTP call's limits in one table (docs/architecture.md "Outbound HTTP"): how long the whole
 * exchange may take (connect, redirects and body) and how many body bytes are read before the answer is
 * refused. A caller may lower or raise its own with an option (tests do); these are the defaults.
 */
export interface OutboundLimits {
  /** The whole exchange, from connect to the last body byte. */
  readonly timeoutMs: number;
  /** Body bytes after content decoding; counted while streaming, not taken from Content-Length. */
  readonly maxBytes: number;
}

const MiB = 1024 * 1024;

export const OUTBOUND_LIMITS = {
  /** Wilma's signed user-data fetch (JSON). */
  wilma: { timeoutMs: 10_000, maxBytes: 1 * MiB },
  /** Opinsys (Puavo) REST user fetch (JSON). */
  opinsys: { timeoutMs: 10_000, maxBytes: 1 * MiB },
  /** Microsoft login (client credentials token) and Graph `users/{id}` (JSON), per request. */
  graph: { timeoutMs: 10_000, maxBytes: 1 * MiB },
  /** A school's OpenID provider: discovery, token, JWKS, userinfo (JSON), per request. */
  oidc: { timeoutMs: 10_000, maxBytes: 1 * MiB },
  /** A school IdP's SAML metadata (XML); the same cap the metadata reader enforces on the parsed text. */
  idpMetadata: { timeoutMs: 10_000, maxBytes: 2 * MiB },
  /**
   * OPH's organisation and koodisto services (refresh jobs only, never the login path): a whole-country
   * hierarchy answer is tens of megabytes, so the cap is wide but still bounded.
   */
  orgdata: { timeoutMs: 60_000, maxBytes: 128 * MiB },
} as const satisfies Record<string, OutboundLimits>;
