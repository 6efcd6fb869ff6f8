import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { describeOnPostgres } from '../support/describe-each-store.ts';
import { freePort } from '../support/free-port.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { fetchViaNode } from './fetch-via-node.ts';
import { tokenRequest, userinfo } from './oidc-http.ts';
import { authRequest, browserLogin, discoverClient, oidcTestRegistry } from './oidc-test-kit.ts';

/**
 * Two Passi nodes of one deployment (same public URL, secret key and PostgreSQL schema, different ports):
 * what one node issues, the other redeems (docs/architecture.md "State and scale").
 */
describeOnPostgres('OIDC face across two nodes sharing PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  let bUrl: string;

  beforeAll(async () => {
    const secretKey = randomBytes(32).toString('base64');
    const reg = await oidcTestRegistry();
    a = await createTestApp({ store: 'postgresql', registry: reg.yaml, secretKey });
    const port = await freePort();
    bUrl = `http://localhost:${port}`;
    b = await createTestApp({
      databaseUrl: a.config.databaseUrl,
      secretKey,
      port,
      config: { publicUrl: a.baseUrl },
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** Token and userinfo requests go to node B; everything else to node A. */
  const toNodeB = fetchViaNode(() => bUrl);

  it('a code issued at node A is redeemed at node B, whose tokens node A accepts', async () => {
    const config = await discoverClient(a.baseUrl, 'basic', undefined, { fetch: toNodeB });
    const req = await authRequest(config);
    const callback = await browserLogin(new BrowserlessClient(), req.url);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    const claims = tokens.claims();
    expect(claims?.iss).toBe(a.baseUrl);
    const info = await client.fetchUserInfo(config, tokens.access_token, claims?.sub ?? '');
    expect(info.given_name).toBe('Testi1');
    expect((await userinfo(a.baseUrl, tokens.access_token)).status).toBe(200);
  });

  it('a code redeemed at node A cannot be redeemed again at node B, and the tokens are revoked', async () => {
    const config = await discoverClient(a.baseUrl, 'basic');
    const req = await authRequest(config);
    const callback = await browserLogin(new BrowserlessClient(), req.url);
    const code = callback.searchParams.get('code') ?? '';
    const first = await tokenRequest(a.baseUrl, { code, code_verifier: req.verifier });
    expect(first.status).toBe(200);
    const second = await tokenRequest(bUrl, { code, code_verifier: req.verifier });
    expect(second.body.error).toBe('invalid_grant');
    expect((await userinfo(bUrl, String(first.body.access_token))).status).toBe(401);
  });

  it('concurrent redemptions of one code at both nodes: exactly one succeeds', async () => {
    const config = await discoverClient(a.baseUrl, 'basic');
    const req = await authRequest(config);
    const callback = await browserLogin(new BrowserlessClient(), req.url);
    const code = callback.searchParams.get('code') ?? '';
    const results = await Promise.all([
      tokenRequest(a.baseUrl, { code, code_verifier: req.verifier }),
      tokenRequest(bUrl, { code, code_verifier: req.verifier }),
      tokenRequest(a.baseUrl, { code, code_verifier: req.verifier }),
      tokenRequest(bUrl, { code, code_verifier: req.verifier }),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.error).toBe('invalid_grant');
  });
});
