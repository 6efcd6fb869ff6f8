import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../constant-time-equal.ts';
import { ErrorCodes } from '../error-codes.ts';
import { fail } from '../errors.ts';

/** The hidden field every POST form of a login carries. */
export const FORM_TOKEN_FIELD = 'form_token';

/**
 * Tokens against cross-site request forgery on the forms of a login (OWASP CSRF Prevention Cheat Sheet,
 * "signed double-submit cookie"): an HMAC of the flow id under a server key. The flow id travels only in
 * the HttpOnly flow cookie, so another site can neither read the token nor mint one for the browser's
 * flow — a token from the attacker's own login is bound to the attacker's flow and is refused here.
 */
export function createFormTokens(secret: Buffer) {
  const tokenFor = (flowId: string): string =>
    createHmac('sha256', secret).update(`passi:form-token:${flowId}`).digest('base64url');
  return {
    tokenFor,
    /** Throws PASSI_FORM_TOKEN_INVALID (403) unless `token` is this flow's token. */
    check(flowId: string, token: string | undefined): void {
      if (!constantTimeEqual(token ?? '', tokenFor(flowId))) {
        fail(
          ErrorCodes.FORM_TOKEN_INVALID,
          'the form was not posted from this login’s page (missing or wrong form token)',
        );
      }
    },
  };
}
