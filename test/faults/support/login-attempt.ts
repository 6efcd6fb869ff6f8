import type * as client from 'openid-client';
import { tokenRequest } from '../../oidc/oidc-http.ts';
import { authRequest, browseUntilRedirectUri, loginAtTestDirectory } from '../../oidc/oidc-test-kit.ts';
import { BrowserlessClient, type BrowserResponse } from '../../support/browserless-client.ts';

/**
 * How one login ended: `ok` (tokens issued), `unavailable` (an acceptable failure during a database
 * outage: a 503 page for the person, or an OAuth error to the service), or `wrong` (anything else, e.g. a
 * 500 "unexpected error" page, a node that did not answer) with what happened.
 */
export type LoginOutcome =
  | { kind: 'ok' }
  | { kind: 'unavailable'; what: string }
  | { kind: 'wrong'; what: string };

export function pageOutcome(page: BrowserResponse, where: string): LoginOutcome {
  if (page.status === 503 && /\b[0-9a-f]{8}-[0-9a-f]{4}-/.test(page.body))
    return { kind: 'unavailable', what: `503 page at ${where}` };
  return {
    kind: 'wrong',
    what: `${page.status} ${page.headers.get('x-passi-error-code')} at ${where} ${page.url}: ${page.body.slice(0, 300)}`,
  };
}

function callbackOutcome(callback: URL): LoginOutcome | undefined {
  const error = callback.searchParams.get('error');
  if (!error) return undefined;
  return ['server_error', 'temporarily_unavailable'].includes(error)
    ? { kind: 'unavailable', what: `OAuth ${error} to the service` }
    : {
        kind: 'wrong',
        what: `OAuth ${error} to the service: ${callback.searchParams.get('error_description')}`,
      };
}

/** One OIDC code-flow login through the balancer: authorize, the test directory, the token request. */
export async function loginAttempt(baseUrl: string, config: client.Configuration): Promise<LoginOutcome> {
  try {
    const browser = new BrowserlessClient();
    const req = await authRequest(config);
    const first = await browseUntilRedirectUri(browser, req.url.href);
    let callback = first.callback;
    if (!callback) {
      if (!first.page) return { kind: 'wrong', what: 'no page' };
      if (!first.page.url.includes('/upstream/test-directory/')) return pageOutcome(first.page, 'authorize');
      // The login page itself may be the outage's 503 page: there is no login form to fill in then.
      if (first.page.status !== 200) return pageOutcome(first.page, 'login page');
      const done = await loginAtTestDirectory(browser, first.page);
      if (!done.callback)
        return done.page ? pageOutcome(done.page, 'login') : { kind: 'wrong', what: 'no page' };
      callback = done.callback;
    }
    const refused = callbackOutcome(callback);
    if (refused) return refused;
    const token = await tokenRequest(baseUrl, {
      code: callback.searchParams.get('code') ?? '',
      code_verifier: req.verifier,
    });
    if (token.status === 200 && typeof token.body.id_token === 'string') return { kind: 'ok' };
    const error = token.body.error;
    if (error === 'server_error' || error === 'temporarily_unavailable')
      return { kind: 'unavailable', what: `token endpoint ${token.status} ${String(error)}` };
    return { kind: 'wrong', what: `token endpoint ${token.status} ${JSON.stringify(token.body)}` };
  } catch (e) {
    return { kind: 'wrong', what: `request failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
