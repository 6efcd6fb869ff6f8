import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/composition/app-services.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { flushWritesBehind } from '../support/flush-writes-behind.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { tokenRequest, userinfo } from './oidc-http.ts';
import { authRequest, browserLogin, discoverClient, oidcTestRegistry } from './oidc-test-kit.ts';

/**
 * Where an OIDC login keeps oidc-provider's interaction and authorization code (docs/performance.md
 * "Short-lived state in memory"): in the process's memory on the embedded store by default, in the store
 * with PASSI_SHORT_LIVED_STATE=store. The other models are stored either way (on the embedded store by
 * default also held in memory, and written to the store behind the login). Either way the login completes and the code is redeemed once, and
 * the reuse's revocation reaches the access token wherever it is read from.
 */
async function storedArtifacts(services: AppServices) {
  // On the embedded store the rows a login writes reach the table behind it (oidc-artifact-write-behind.ts).
  await flushWritesBehind(services.writesBehind);
  const { rows } = await sql<{ model: string; n: number }>`
    SELECT model, count(*)::int AS n FROM oidc_artifact GROUP BY model`.execute(services.db);
  return Object.fromEntries(rows.map((r) => [r.model, r.n]));
}

for (const shortLivedState of ['auto', 'store'] as const) {
  describe(`an OIDC login on the embedded store, PASSI_SHORT_LIVED_STATE=${shortLivedState}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      const reg = await oidcTestRegistry();
      t = await createTestApp({ registry: reg.yaml, config: { shortLivedState } });
    });
    afterAll(() => t?.close());

    it('completes, keeps interaction and code where configured, and refuses the code a second time', async () => {
      const req = await authRequest(await discoverClient(t.baseUrl, 'basic'));
      const callback = await browserLogin(new BrowserlessClient(), req.url);
      const code = callback.searchParams.get('code') ?? '';
      const first = await tokenRequest(t.baseUrl, { code, code_verifier: req.verifier });
      expect(first.status).toBe(200);
      const accessToken = String(first.body.access_token);
      const stored = await storedArtifacts(t.services);
      // What must outlive a restart is in the store either way.
      expect(stored.Session).toBeGreaterThan(0);
      expect(stored.Grant).toBeGreaterThan(0);
      expect(stored.AccessToken).toBeGreaterThan(0);
      // What the login released rides in its grant's row (released-accounts.ts), not a row of its own.
      expect(stored.PassiAccount).toBeUndefined();
      expect((await userinfo(t.baseUrl, accessToken)).status).toBe(200);

      if (shortLivedState === 'auto') {
        const memory = t.services.memoryState;
        if (!memory) throw new Error('the embedded store keeps login state in memory by default');
        expect(stored.Interaction).toBeUndefined();
        expect(stored.AuthorizationCode).toBeUndefined();
        // The redeemed code is held, marked consumed, until it expires.
        expect(memory.oidcArtifacts().AuthorizationCode).toBe(1);
        // The stored rows are also held, as a copy that answers the reads.
        expect(memory.oidcCachedRows()).toBeGreaterThanOrEqual(3);
      } else {
        expect(t.services.memoryState).toBeUndefined();
        expect(stored.AuthorizationCode).toBe(1);
      }

      const again = await tokenRequest(t.baseUrl, { code, code_verifier: req.verifier });
      expect(again.status).toBe(400);
      expect(again.body.error).toBe('invalid_grant');
      // Reuse revokes what the code issued and the code itself (RFC 6749 §4.1.2), wherever it was held.
      expect((await userinfo(t.baseUrl, accessToken)).status).toBe(401);
      const afterReuse = await storedArtifacts(t.services);
      expect(afterReuse.AuthorizationCode).toBeUndefined();
      expect(afterReuse.AccessToken).toBeUndefined();
      expect(afterReuse.Grant).toBeUndefined();
      expect(t.services.memoryState?.oidcArtifacts().AuthorizationCode ?? 0).toBe(0);
    });
  });
}
