import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { silentLogins, UNOFFERED_CLAIMS } from './oidc-conformance-kit.ts';
import { authorizeUrl, tokenRequest, userinfo } from './oidc-http.ts';
import type { OidcOpApp } from './oidc-op-app.ts';
import {
  authRequest,
  browserLogin,
  browseUntilRedirectUri,
  CLIENTS,
  discoverClient,
  FIRST_FLOW_ACR,
  loginAtTestDirectory,
  REDIRECT_URI,
} from './oidc-test-kit.ts';

/** The basic plan modules. Part of the more-conformance suite (./oidc-conformance-more.suite.ts). */
export function defineOidcConformanceBasic(app: OidcOpApp): void {
  const { login } = app;
  const { silentLogin } = silentLogins(app);

  describe('basic plan', () => {
    it('oidcc-response-type-missing: invalid_request to the verified redirect URI, with state and iss, no code', async () => {
      const out = await browseUntilRedirectUri(
        new BrowserlessClient(),
        authorizeUrl(app.t.baseUrl, {
          client_id: CLIENTS.basic.clientId,
          scope: 'openid',
          redirect_uri: REDIRECT_URI,
          state: 'st-missing',
          nonce: 'n',
        }),
      );
      const callback = out.callback;
      expect(callback?.origin + (callback?.pathname ?? '')).toBe(REDIRECT_URI);
      expect(callback?.searchParams.get('error')).toBe('invalid_request');
      expect(callback?.searchParams.get('error_description')).toContain('response_type');
      expect(callback?.searchParams.get('state')).toBe('st-missing');
      expect(callback?.searchParams.get('iss')).toBe(app.t.baseUrl);
      expect(callback?.searchParams.get('code')).toBeNull();
    });

    const unofferedScopes = [
      ['oidcc-scope-email', 'openid email'],
      ['oidcc-scope-address', 'openid address'],
      ['oidcc-scope-phone', 'openid phone'],
    ] as const;
    for (const [module, scope] of unofferedScopes) {
      it(`${module}: the unoffered scope is ignored, the login works, userinfo has only sub`, async () => {
        const { config, tokens, claims } = await login('basic', { scope });
        expect(tokens.scope).toBe('openid');
        for (const name of UNOFFERED_CLAIMS) expect(claims[name], name).toBeUndefined();
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        expect(Object.keys(info)).toEqual(['sub']);
      });
    }

    it('oidcc-scope-all: profile claims are released, email/address/phone are ignored', async () => {
      const { config, tokens, claims } = await login('basic', {
        scope: 'openid profile email address phone',
      });
      expect(tokens.scope?.split(' ').sort()).toEqual(['openid', 'profile']);
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(info.given_name).toBe('Testi1');
      expect(info.family_name).toBe('Oppilas1');
      for (const name of UNOFFERED_CLAIMS) {
        expect(claims[name], name).toBeUndefined();
        expect(info[name], name).toBeUndefined();
      }
    });

    it('oidcc-ensure-other-scope-order-succeeds: "profile openid" works as "openid profile"', async () => {
      const { config, tokens, claims } = await login('basic', { scope: 'profile openid' });
      expect(tokens.scope?.split(' ').sort()).toEqual(['openid', 'profile']);
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(info.given_name).toBe('Testi1');
      // And with an ignored scope in front of openid.
      const other = await login('basic', { scope: 'email profile openid' });
      expect(other.tokens.scope?.split(' ').sort()).toEqual(['openid', 'profile']);
    });

    for (const display of ['page', 'popup'] as const) {
      it(`oidcc-display-${display}: display=${display} is accepted and the login completes`, async () => {
        const config = await discoverClient(app.t.baseUrl, 'basic');
        const req = await authRequest(config, { display });
        const browser = new BrowserlessClient();
        const first = await browseUntilRedirectUri(browser, req.url.href);
        // The same login page as without display (Passi's pages fit either).
        expect(first.page?.url).toContain('/upstream/test-directory/');
        const done = first.page ? await loginAtTestDirectory(browser, first.page) : {};
        if (!done.callback) throw new Error('no callback');
        const tokens = await client.authorizationCodeGrant(config, done.callback, {
          pkceCodeVerifier: req.verifier,
          expectedState: req.state,
          expectedNonce: req.nonce,
        });
        expect(tokens.claims()?.aud).toBe(CLIENTS.basic.clientId);
      });
    }

    it('oidcc-id-token-hint: prompt=none with the id_token_hint of the live session answers for that user', async () => {
      const first = await login('basic');
      const hinted = await silentLogin(first.browser, {
        prompt: 'none',
        id_token_hint: first.tokens.id_token ?? '',
      });
      expect(hinted.callback.searchParams.get('error')).toBeNull();
      expect(hinted.claims?.sub).toBe(first.claims.sub);
      // The hint of another user in this browser: the session is not theirs, so no silent answer.
      const someoneElse = await login('basic', {}, new BrowserlessClient(), 'demo_u0002');
      expect(someoneElse.claims.sub).not.toBe(first.claims.sub);
      const mismatch = await silentLogin(first.browser, {
        prompt: 'none',
        id_token_hint: someoneElse.tokens.id_token ?? '',
      });
      expect(mismatch.callback.searchParams.get('error')).toBe('login_required');
      expect(mismatch.callback.searchParams.get('code')).toBeNull();
    });

    it('oidcc-login-hint: login_hint is accepted, the user still authenticates at the school', async () => {
      const config = await discoverClient(app.t.baseUrl, 'basic');
      const req = await authRequest(config, { login_hint: 'demo_u0001' });
      const browser = new BrowserlessClient();
      const first = await browseUntilRedirectUri(browser, req.url.href);
      // A hint is not an authentication: the school's login page is shown.
      expect(first.page?.url).toContain('/upstream/test-directory/');
      const done = first.page ? await loginAtTestDirectory(browser, first.page) : {};
      if (!done.callback) throw new Error('no callback');
      const tokens = await client.authorizationCodeGrant(config, done.callback, {
        pkceCodeVerifier: req.verifier,
        expectedState: req.state,
        expectedNonce: req.nonce,
      });
      const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub ?? '');
      expect(info.given_name).toBe('Testi1');
    });

    it('oidcc-claims-locales: claims_locales is accepted; claims come under their plain names', async () => {
      const { config, tokens, claims } = await login('basic', { claims_locales: 'sv-FI fi en' });
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(info.given_name).toBe('Testi1');
      // No language-tagged claim names (OIDC Core §5.2), which claims_locales_supported does not offer.
      expect(Object.keys(info).filter((k) => k.includes('#'))).toEqual([]);
      const meta: Record<string, unknown> = await (
        await fetch(`${app.t.baseUrl}/.well-known/openid-configuration`)
      ).json();
      expect(meta.claims_locales_supported).toBeUndefined();
    });

    it('oidcc-codereuse-30seconds: a later second redemption fails and revokes the first access token', async () => {
      const config = await discoverClient(app.t.baseUrl, 'basic');
      const req = await authRequest(config);
      const callback = await browserLogin(new BrowserlessClient(), req.url);
      const code = callback.searchParams.get('code') ?? '';
      const first = await tokenRequest(app.t.baseUrl, { code, code_verifier: req.verifier });
      expect(first.status).toBe(200);
      const accessToken = String(first.body.access_token);
      expect((await userinfo(app.t.baseUrl, accessToken)).status).toBe(200);
      // The module waits 30 s; a short wait past a whole second keeps the test quick (the code lives 60 s,
      // so the second redemption is refused for reuse, not for expiry, either way).
      await new Promise((r) => setTimeout(r, 1500));
      const second = await tokenRequest(app.t.baseUrl, { code, code_verifier: req.verifier });
      expect(second.status).toBe(400);
      expect(second.body.error).toBe('invalid_grant');
      expect(second.body.access_token).toBeUndefined();
      const after = await userinfo(app.t.baseUrl, accessToken);
      expect(after.status).toBe(401);
      expect(after.body.error).toBe('invalid_token');
    });

    it('oidcc-max-age-10000: a recent session is reused without a page; auth_time is the first login', async () => {
      const first = await login('basic', { max_age: '10000' });
      expect(typeof first.claims.auth_time).toBe('number');
      const again = await silentLogin(first.browser, { max_age: '10000' });
      expect(again.claims?.sub).toBe(first.claims.sub);
      expect(again.claims?.auth_time).toBe(first.claims.auth_time);
    });

    it('oidcc-unsigned-request-object-supported-correctly-or-rejected-as-unsupported: rejected as unsupported', async () => {
      const meta: Record<string, unknown> = await (
        await fetch(`${app.t.baseUrl}/.well-known/openid-configuration`)
      ).json();
      expect(meta.request_parameter_supported).not.toBe(true);
      expect(meta.request_uri_parameter_supported).not.toBe(true);
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const params = {
        client_id: CLIENTS.basic.clientId,
        response_type: 'code',
        scope: 'openid profile',
        redirect_uri: REDIRECT_URI,
        state: 'st-ro',
        nonce: 'n-ro',
        acr_values: FIRST_FLOW_ACR,
      };
      const requestObject = `${b64({ alg: 'none' })}.${b64({ ...params, iss: params.client_id, aud: app.t.baseUrl })}.`;
      const out = await browseUntilRedirectUri(
        new BrowserlessClient(),
        authorizeUrl(app.t.baseUrl, { ...params, request: requestObject }),
      );
      expect(out.callback?.origin + (out.callback?.pathname ?? '')).toBe(REDIRECT_URI);
      expect(out.callback?.searchParams.get('error')).toBe('request_not_supported');
      expect(out.callback?.searchParams.get('state')).toBe('st-ro');
      expect(out.callback?.searchParams.get('code')).toBeNull();
      // request_uri likewise.
      const byRef = await browseUntilRedirectUri(
        new BrowserlessClient(),
        authorizeUrl(app.t.baseUrl, { ...params, request_uri: 'https://rp.example.org/request.jwt' }),
      );
      expect(byRef.callback?.searchParams.get('error')).toBe('request_uri_not_supported');
      expect(byRef.callback?.searchParams.get('code')).toBeNull();
    });
  });
}
