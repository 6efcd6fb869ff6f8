import type { UpstreamIdentity } from '../upstream-identity.ts';

/**
 * Passi's single sign-on session: which school authenticated the user, and what it said. A later request
 * without ForceAuthn (or with IsPassive / prompt=none) is answered from it, resolved again for that service.
 */
export interface SessionState {
  id: string;
  upstream: UpstreamIdentity;
  createdAt: string;
}

export interface SessionStore {
  create(session: SessionState, ttlSeconds: number): Promise<void>;
  get(id: string): Promise<SessionState | undefined>;
  destroy(id: string): Promise<void>;
}
