import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/database.ts';
import { flushWritesBehind } from '../support/flush-writes-behind.ts';
import { adfsStudent, type SamlSpWorld, startSamlSpWorld } from './support/saml-sp-setup.ts';
import { samlSentToService } from './support/service-received.ts';

/**
 * Where a proxied login keeps its flow and the school answer's single-use ids (docs/performance.md
 * "Short-lived state in memory"): in the process's memory on the embedded store by default, in the store
 * with PASSI_SHORT_LIVED_STATE=store. Either way the login completes and a replayed answer is refused.
 */
async function storedRows(db: Db) {
  const n = async (q: string) => (await sql<{ n: number }>`${sql.raw(q)}`.execute(db)).rows[0]?.n ?? 0;
  return {
    flows: await n('SELECT count(*)::int AS n FROM flow'),
    replay: await n(`SELECT count(*)::int AS n FROM replay WHERE namespace LIKE 'saml-sp-%'`),
  };
}

for (const shortLivedState of ['auto', 'store'] as const) {
  describe(`a proxied SAML login on the embedded store, PASSI_SHORT_LIVED_STATE=${shortLivedState}`, () => {
    let w: SamlSpWorld;
    beforeAll(async () => {
      w = await startSamlSpWorld(
        [{ id: '4000301', flowName: 'MuistiKoulu', type: 'saml', shape: 'generic' }],
        {
          config: { shortLivedState },
        },
      );
      w.idp('MuistiKoulu').user = { nameId: 'memory-1', attributes: adfsStudent(1) };
    });
    afterAll(() => w?.close());

    it('completes, keeps its state where configured, and refuses the same answer again', async () => {
      const before = await storedRows(w.t.services.db);
      const memoryBefore = {
        flows: w.t.services.memoryState?.flows(),
        replay: w.t.services.memoryState?.replayKeys(),
        storedReplay: w.t.services.memoryState?.storedReplayKeys(),
      };
      const { browser, idpPage } = await w.startLogin('MuistiKoulu');
      expect(idpPage.status, idpPage.body).toBe(200);
      const duringLogin = await storedRows(w.t.services.db);
      const passiPost = await browser.submitForm(idpPage);
      expect(passiPost.status, passiPost.body.slice(0, 300)).toBe(200);
      expect(samlSentToService(passiPost).xml).toContain('urn:oasis:names:tc:SAML:2.0:status:Success');
      const after = await storedRows(w.t.services.db);

      if (shortLivedState === 'auto') {
        const memory = w.t.services.memoryState;
        if (!memory) throw new Error('the embedded store keeps login state in memory by default');
        expect(duringLogin.flows).toBe(before.flows);
        expect(after).toEqual(before);
        // The flow was consumed (removed); the assertion id and the request id are held.
        expect(memory.flows()).toBe(memoryBefore.flows);
        expect(memory.replayKeys()).toBe((memoryBefore.replay ?? 0) + 2);
        // The service's AuthnRequest ID is decided in memory too, and reaches the store behind the login.
        expect(memory.storedReplayKeys()).toBe((memoryBefore.storedReplay ?? 0) + 1);
        await flushWritesBehind(w.t.services.writesBehind);
        const serviceIds = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM replay WHERE namespace = 'saml-authnrequest'`.execute(
          w.t.services.db,
        );
        expect(serviceIds.rows[0]?.n).toBe(memory.storedReplayKeys());
      } else {
        expect(w.t.services.memoryState).toBeUndefined();
        expect(duringLogin.flows).toBe(before.flows + 1);
        expect(after.replay).toBe(before.replay + 2);
      }

      // The same answer posted again by the same browser: its flow is gone.
      const again = await browser.submitForm(idpPage);
      expect(again.status).toBe(400);
      expect(again.headers.get('x-passi-error-code')).toBe('PASSI_FLOW_MISSING');
    });
  });
}
