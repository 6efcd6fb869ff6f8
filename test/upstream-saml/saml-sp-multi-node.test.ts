import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/error-codes.ts';
import { isPostgresAvailable, POSTGRES_SKIP_REASON } from '../../src/store/testing/test-db.ts';
import { parseForms } from '../support/browserless-client.ts';
import { type PassiProcess, startPassiProcess } from '../support/passi-process.ts';
import { adfsStudent, type SamlSpWorld, startSamlSpWorld } from './support/saml-sp-setup.ts';

const available = await isPostgresAvailable();
if (!available) console.warn(POSTGRES_SKIP_REASON);

/**
 * SP-22 across nodes: two Passi processes of one deployment sharing PostgreSQL. Even when a race lets
 * the same response reach a second node while the flow still looks live, the shared replay cache
 * (assertion id, request id) refuses it.
 */
describe.skipIf(!available)('SAML SP replay across two nodes sharing PostgreSQL (SP-22)', () => {
  let w: SamlSpWorld;
  let b: PassiProcess | undefined;
  beforeAll(async () => {
    const secretKey = randomBytes(32).toString('base64');
    w = await startSamlSpWorld(
      [
        {
          id: '4000401',
          flowName: 'AdfsKoulu',
          type: 'adfs',
          shape: 'adfs',
          settings: { requireSignedResponse: true },
        },
      ],
      {
        store: 'postgresql',
        secretKey,
      },
    );
    w.idp('AdfsKoulu').user = { nameId: 'n-1', attributes: adfsStudent(1) };
    // Node B is a separate OS process (`passi start`) of the same deployment.
    b = await startPassiProcess({
      databaseUrl: w.t.config.databaseUrl ?? '',
      secretKey,
      publicUrl: w.t.baseUrl,
    });
  }, 180_000);
  afterAll(async () => {
    b?.stop();
    await w?.close();
  });

  it('a response accepted at node A is refused at node B, by the shared replay cache', async () => {
    const { browser, idpPage } = await w.startLogin('AdfsKoulu');
    const form = parseForms(idpPage.body)[0];
    if (!form) throw new Error('no form');
    const accepted = await browser.post(form.action, form.fields);
    expect(accepted.status).toBe(200);
    const flowId = browser.cookie(new URL(w.t.baseUrl).host, '__Host-passi_flow');
    if (!flowId) throw new Error('no flow cookie');
    // Simulate the race: the flow row looks unconsumed to node B.
    await sql`UPDATE flow SET consumed_at = NULL WHERE id = ${flowId}`.execute(w.t.services.db);
    if (!b) throw new Error('node B did not start');
    const atB = await fetch(form.action.replace(w.t.baseUrl, b.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `__Host-passi_flow=${flowId}` },
      body: new URLSearchParams(form.fields).toString(),
    });
    expect(atB.status).toBe(400);
    expect(atB.headers.get('x-passi-error-code')).toBe(ErrorCodes.REPLAY);
    expect(await atB.text()).toMatch(/class="error-id">[0-9a-f-]{36}</);
  });
});
