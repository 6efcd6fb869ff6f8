import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * An https public URL means the browser speaks https, even when the last hop to Passi looks like plain
 * HTTP and no proxy is trusted: oidc-provider's cookies are Secure and `__Host-` named all the same
 * (docs/operations.md "Security model").
 */
describe('OIDC cookies with an https issuer and no trusted proxy', () => {
  let t: TestApp;
  let issuer: string;
  beforeAll(async () => {
    const port = await freePort();
    issuer = `https://localhost:${port}`;
    t = await createTestApp({ port, config: { publicUrl: issuer } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sets Secure __Host- cookies at the authorization endpoint', async () => {
    const authorize = new URL(`${t.baseUrl}/idp/profile/oidc/authorize`);
    for (const [k, v] of Object.entries({
      client_id: 'passi-attribute-test',
      redirect_uri: `${issuer}/test-service/oidc/callback`,
      response_type: 'code',
      scope: 'openid',
      state: 'state-1',
      nonce: 'nonce-1',
      code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
      code_challenge_method: 'S256',
    }))
      authorize.searchParams.set(k, v);
    const started = await fetch(authorize, { redirect: 'manual' });
    expect(started.status).toBe(303);
    const cookies = started.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c.toLowerCase(), c).toContain('; secure');
    expect(cookies.some((c) => c.startsWith('__Host-passi_oidc_interaction='))).toBe(true);
  });
});
