import type { UpstreamIdentity } from '../upstream-identity.ts';

/**
 * Passi's single sign-on session: which school authenticated the user, and what it said. A later request
 * without ForceAuthn (or with IsPassive / prompt=none) is answered from it, resolved again for that service.
 */
export interface SessionState {
  /**
   * The session's handle: a hash of the cookie value (session-handle.ts), never the cookie itself. Faces
   * derive what they tell services from it (SAML SessionIndex per service; the OIDC OP's link to it).
   */
  id: string;
  upstream: UpstreamIdentity;
  createdAt: string;
}

/** Sessions by handle; the cookie value never reaches the store. */
export interface SessionStore {
  create(session: SessionState, ttlSeconds: number): Promise<void>;
  get(id: string): Promise<SessionState | undefined>;
  destroy(id: string): Promise<void>;
}
