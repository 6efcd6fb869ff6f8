import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { authorizeUrl, tokenRequest, userinfo } from './oidc-http.ts';
import type { OidcOpApp } from './oidc-op-app.ts';
import {
  authRequest,
  browserLogin,
  browseUntilRedirectUri,
  CLIENTS,
  discoverClient,
  FIRST_FLOW_ACR,
  REDIRECT_URI,
} from './oidc-test-kit.ts';

/** Bad input: near-miss redirect URIs, code reuse, malformed requests [oidcc-ensure-registered-redirect-uri, oidcc-codereuse; RFC 9700 §4.1, §4.5, §4.8, §4.11]. Part of the OIDC face suite (./oidc-op.suite.ts). */
export function defineOidcOpBadInput(app: OidcOpApp): void {
  describe('bad input [oidcc-ensure-registered-redirect-uri, oidcc-codereuse; RFC 9700 §4.1, §4.5, §4.8, §4.11]', () => {
    const nearMisses = [
      ['trailing slash', `${REDIRECT_URI}/`],
      ['case', REDIRECT_URI.replace('callback', 'Callback')],
      ['host case', REDIRECT_URI.replace('rp.example.org', 'RP.example.org')],
      ['extra query', `${REDIRECT_URI}?x=1`],
      ['other port', REDIRECT_URI.replace('rp.example.org', 'rp.example.org:8443')],
      ['http vs https', REDIRECT_URI.replace('https:', 'http:')],
      ['added path', `${REDIRECT_URI}/more`],
      ['fragment', `${REDIRECT_URI}#x`],
      ['userinfo @', REDIRECT_URI.replace('https://', 'https://rp.example.org@')],
      ['other host', 'https://evil.example/callback'],
    ] as const;

    for (const [name, uri] of nearMisses) {
      it(`near-miss redirect URI (${name}) is an error page at Passi, never a redirect`, async () => {
        const res = await fetch(
          authorizeUrl(app.t.baseUrl, {
            client_id: CLIENTS.basic.clientId,
            response_type: 'code',
            scope: 'openid profile',
            redirect_uri: uri,
            state: 'st',
            ui_locales: 'en',
          }),
          { redirect: 'manual' },
        );
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        const html = await res.text();
        expect(html).toContain('<html lang="en"');
        expect(html).toContain('The return address the service asked for is not registered');
        expect(html).toMatch(/class="error-id">[0-9a-f-]{36}</);
        expect(html).not.toContain(uri);
        expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      });
    }

    it('an unknown client is a localised error page at Passi', async () => {
      const res = await fetch(
        authorizeUrl(app.t.baseUrl, {
          client_id: 'no-such-client',
          response_type: 'code',
          scope: 'openid',
          redirect_uri: REDIRECT_URI,
        }),
        { redirect: 'manual', headers: { 'accept-language': 'sv' } },
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      const html = await res.text();
      expect(html).toContain('<html lang="sv"');
      expect(html).toMatch(/class="error-id">/);
    });

    it('implicit and hybrid response types are refused; the password grant is unsupported [RFC 9700 §2.1.2, §2.4]', async () => {
      for (const responseType of ['token', 'id_token', 'code id_token']) {
        const out = await browseUntilRedirectUri(
          new BrowserlessClient(),
          authorizeUrl(app.t.baseUrl, {
            client_id: CLIENTS.basic.clientId,
            response_type: responseType,
            scope: 'openid',
            redirect_uri: REDIRECT_URI,
            nonce: 'n',
          }),
        );
        // Errors for fragment response types come in the fragment (OAuth 2.0 Multiple Response Types §5).
        const fragment = new URLSearchParams(out.callback?.hash.slice(1) ?? '');
        const error =
          out.callback?.searchParams.get('error') ??
          fragment.get('error') ??
          (out.page?.status === 400 ? 'page' : `${out.page?.status}`);
        expect(error, responseType).toMatch(/unsupported_response_type|unauthorized_client|page/);
        expect(out.callback?.searchParams.get('access_token') ?? null).toBeNull();
        expect(out.callback?.hash ?? '').not.toContain('access_token');
      }
      const res = await tokenRequest(app.t.baseUrl, {
        grant_type: 'password',
        username: 'demo_u0001',
        password: 'demo_u0001pwd',
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('unsupported_grant_type');
    });

    it('code reuse is rejected and revokes the tokens issued from the code [oidcc-codereuse]', async () => {
      const config = await discoverClient(app.t.baseUrl, 'basic');
      const req = await authRequest(config);
      const callback = await browserLogin(new BrowserlessClient(), req.url);
      const code = callback.searchParams.get('code') ?? '';
      const first = await tokenRequest(app.t.baseUrl, { code, code_verifier: req.verifier });
      expect(first.status).toBe(200);
      const accessToken = String(first.body.access_token);
      expect((await userinfo(app.t.baseUrl, accessToken)).status).toBe(200);
      const second = await tokenRequest(app.t.baseUrl, { code, code_verifier: req.verifier });
      expect(second.status).toBe(400);
      expect(second.body.error).toBe('invalid_grant');
      expect((await userinfo(app.t.baseUrl, accessToken)).status).toBe(401);
    });

    it('a wrong PKCE verifier and a PKCE downgrade are rejected [RFC 9700 §4.8]', async () => {
      const config = await discoverClient(app.t.baseUrl, 'basic');
      const req = await authRequest(config);
      const callback = await browserLogin(new BrowserlessClient(), req.url);
      const wrong = await tokenRequest(app.t.baseUrl, {
        code: callback.searchParams.get('code') ?? '',
        code_verifier: client.randomPKCECodeVerifier(),
      });
      expect(wrong.body.error).toBe('invalid_grant');

      // Downgrade: the request had no code_challenge, the token request sends a verifier anyway.
      const url = authorizeUrl(app.t.baseUrl, {
        client_id: CLIENTS.basic.clientId,
        response_type: 'code',
        scope: 'openid profile',
        redirect_uri: REDIRECT_URI,
        state: 's',
        acr_values: FIRST_FLOW_ACR,
      });
      const cb = await browserLogin(new BrowserlessClient(), new URL(url));
      const downgrade = await tokenRequest(app.t.baseUrl, {
        code: cb.searchParams.get('code') ?? '',
        code_verifier: client.randomPKCECodeVerifier(),
      });
      expect(downgrade.body.error).toBe('invalid_grant');
    });

    it('a public client must use PKCE, and plain is not accepted [RFC 9700 §2.1.1]', async () => {
      const noPkce = await browseUntilRedirectUri(
        new BrowserlessClient(),
        authorizeUrl(app.t.baseUrl, {
          client_id: CLIENTS.public.clientId,
          response_type: 'code',
          scope: 'openid',
          redirect_uri: REDIRECT_URI,
        }),
      );
      expect(noPkce.callback?.searchParams.get('error')).toBe('invalid_request');
      const plain = await browseUntilRedirectUri(
        new BrowserlessClient(),
        authorizeUrl(app.t.baseUrl, {
          client_id: CLIENTS.public.clientId,
          response_type: 'code',
          scope: 'openid',
          redirect_uri: REDIRECT_URI,
          code_challenge: 'a'.repeat(43),
          code_challenge_method: 'plain',
        }),
      );
      expect(plain.callback?.searchParams.get('error')).toBe('invalid_request');
    });

    it('the interaction page without its cookie is an error page, not a login', async () => {
      const res = await fetch(`${app.t.baseUrl}/idp/profile/oidc/interaction/abc123`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    });
  });
}
