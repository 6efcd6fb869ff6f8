import * as client from 'openid-client';
import type { BrowserlessClient } from '../support/browserless-client.ts';
import type { OidcOpApp } from './oidc-op-app.ts';
import { authRequest, browseUntilRedirectUri, discoverClient } from './oidc-test-kit.ts';

export const POST_LOGOUT = 'https://rp.example.org/bye';
/** Claims of the scopes Passi does not offer (OIDC Core §5.4): none may ever be released. */
export const UNOFFERED_CLAIMS = [
  'email',
  'email_verified',
  'address',
  'phone_number',
  'phone_number_verified',
] as const;

/** The logins the conformance modules share, bound to the suite's app. */
export function silentLogins(app: OidcOpApp) {
  /** An authorization request answered without any page (SSO or prompt=none), redeemed and validated. */
  const silentLogin = async (browser: BrowserlessClient, extra: Record<string, string> = {}) => {
    const config = await discoverClient(app.t.baseUrl, 'basic');
    const req = await authRequest(config, extra);
    const out = await browseUntilRedirectUri(browser, req.url.href);
    if (!out.callback) throw new Error(`a page instead of an answer: ${out.page?.url} ${out.page?.status}`);
    if (!out.callback.searchParams.get('code')) return { callback: out.callback };
    const tokens = await client.authorizationCodeGrant(config, out.callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    return { callback: out.callback, tokens, claims: tokens.claims() };
  };

  /** Whether the browser still has an OP session for the basic client (prompt=none gives a code). */
  const hasSession = async (browser: BrowserlessClient) => {
    const { callback } = await silentLogin(browser, { prompt: 'none' });
    const error = callback.searchParams.get('error');
    if (error && error !== 'login_required') throw new Error(`unexpected ${error}`);
    return callback.searchParams.get('code') !== null;
  };

  return { silentLogin, hasSession };
}
