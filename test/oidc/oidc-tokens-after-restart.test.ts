/**
 * On the embedded store the OP session, grant and access token of an OIDC login are held in memory and
 * written to the store behind the login (docs/performance.md "Writes behind the login"). A
 * shutdown writes what is still waiting, so an access token issued just before a node stops still works
 * after the restart.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp } from '../support/test-app.ts';
import { tokenRequest, userinfo } from './oidc-http.ts';
import { authRequest, browserLogin, discoverClient, oidcTestRegistry } from './oidc-test-kit.ts';

describe('an access token issued just before a restart of the embedded store', () => {
  it('is answered by userinfo after the restart', async () => {
    const secretKey = randomBytes(32).toString('base64');
    const reg = await oidcTestRegistry();
    const first = await createTestApp({ embeddedOnDisk: true, secretKey, registry: reg.yaml });
    const { dataDir, port } = first.config;
    let accessToken = '';
    try {
      const req = await authRequest(await discoverClient(first.baseUrl, 'basic'));
      const callback = await browserLogin(new BrowserlessClient(), req.url);
      const token = await tokenRequest(first.baseUrl, {
        code: callback.searchParams.get('code') ?? '',
        code_verifier: req.verifier,
      });
      expect(token.status).toBe(200);
      accessToken = String(token.body.access_token);
      expect((await userinfo(first.baseUrl, accessToken)).status).toBe(200);
    } finally {
      // Stopped at once: the token's row has not reached the store by the interval yet.
      await first.close();
    }
    const again = await createTestApp({ embeddedOnDisk: true, secretKey, port, config: { dataDir } });
    try {
      expect(again.baseUrl).toBe(first.baseUrl);
      expect((await userinfo(again.baseUrl, accessToken)).status).toBe(200);
      expect((await userinfo(again.baseUrl, `${accessToken}x`)).status).toBe(401);
    } finally {
      await again.close();
    }
  });
});
