import type { LoginRequest } from '../login-request.ts';

/**
 * The state of one login, from the service's request to Passi's response. Stored in the
 * store with expiry (FlowStore), found through an opaque id in a cookie, consumed once.
 */
export interface FlowState {
  id: string;
  request: LoginRequest;
  createdAt: string;
  /** Integration chosen (by hint, discovery, or because it was the only one). */
  integrationId?: string;
  /** Connector's state for the upstream round trip (request id, PKCE verifier, nonce …). */
  upstream?: Record<string, unknown>;
}

export interface FlowStore {
  create(flow: FlowState, ttlSeconds: number): Promise<void>;
  /** A live flow (not consumed, not expired), or undefined. */
  get(id: string): Promise<FlowState | undefined>;
  /** Replaces the stored state of a live flow; false when it is gone. */
  save(flow: FlowState): Promise<boolean>;
  /** Atomically marks the flow used and returns it; undefined when missing, expired or used (single use). */
  consume(id: string): Promise<FlowState | undefined>;
}
