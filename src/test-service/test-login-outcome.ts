import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StoredLoginDetail } from '../store/state/login-report-store.ts';
import type { AttributeRow } from './attribute-rows.ts';
import type { TestLoginFailure } from './test-login-failure.ts';

/** What the result page of one test login shows, handed to whoever started the login (the portal). */
export interface TestLoginOutcome {
  protocol: 'saml' | 'oidc';
  rows: AttributeRow[];
  failure: TestLoginFailure | undefined;
  /** The login's report, found only for this browser's own validated login. */
  detail: StoredLoginDetail | undefined;
}

/** Where the result was saved, shown on the result page with a link back. */
export interface SavedTestLogin {
  /** Saved with the integration, and whether it passed; or why it was not saved. */
  saved: { passed: boolean } | { refused: true };
  backHref: string;
}

/**
 * Hook of the portal's "Test the connection" (docs/portal.md "Test login and production"): called once per
 * result page; answers undefined when this browser did not start the login from the portal.
 */
export type TestLoginRecorder = (
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: TestLoginOutcome,
) => Promise<SavedTestLogin | undefined>;
