import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { describeOnPostgres } from '../support/describe-each-store.ts';
import { type PassiProcess, startPassiProcess } from '../support/passi-process.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { fetchViaNode } from './fetch-via-node.ts';
import { authRequest, browserLogin, discoverClient, oidcTestRegistry } from './oidc-test-kit.ts';

/**
 * A code issued by one Passi PROCESS is redeemed at ANOTHER PROCESS sharing
 * the PostgreSQL database. Node A runs in the test process; node B is `passi start` in its own OS
 * process with the same public URL, secret key and database.
 */
describeOnPostgres('OIDC codes across two Passi processes', () => {
  let a: TestApp;
  let nodeB: PassiProcess | undefined;
  let bUrl: string;

  beforeAll(async () => {
    const secretKey = randomBytes(32).toString('base64');
    const reg = await oidcTestRegistry();
    a = await createTestApp({ store: 'postgresql', registry: reg.yaml, secretKey });
    nodeB = await startPassiProcess({
      databaseUrl: a.config.databaseUrl ?? '',
      secretKey,
      publicUrl: a.baseUrl,
    });
    bUrl = nodeB.url;
  }, 180_000);

  afterAll(async () => {
    nodeB?.stop();
    await a?.close();
  });

  /** Token and userinfo requests go to node B; everything else to node A. */
  const toNodeB = fetchViaNode(() => bUrl);

  it('node B (another process) redeems the code node A issued and serves userinfo', async () => {
    const config = await discoverClient(a.baseUrl, 'basic', undefined, { fetch: toNodeB });
    const req = await authRequest(config);
    const callback = await browserLogin(new BrowserlessClient(), req.url);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    expect(tokens.claims()?.iss).toBe(a.baseUrl);
    const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub ?? '');
    expect(info['urn:mpass.id:schoolInfo']).toContain('30076;Mansikkalan testi peruskoulu');
    // The same code again, at node A this time: refused (single use across processes).
    await expect(
      client.authorizationCodeGrant(await discoverClient(a.baseUrl, 'basic'), callback, {
        pkceCodeVerifier: req.verifier,
        expectedState: req.state,
        expectedNonce: req.nonce,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
