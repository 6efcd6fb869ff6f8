/**
 * The join pages over HTTP (docs/portal.md "Joining"): an invalid form stores nothing and comes back with
 * its values and an error summary; verification links that cannot be used get their own page; the
 * operator pages refuse everyone but operators; approving (which invites the contact person) asks for a
 * fresh sign-in, and a refused approval says why in the page's language.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { verifiedApplication } from './api-operation-table.ts';
import { signedInBrowser } from './portal-support.ts';

describe('join pages and operator pages over HTTP', () => {
  let t: TestApp;
  const count = async () =>
    (await t.services.db.selectFrom('portal_join_application').select('id').execute()).length;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('an invalid form stores nothing, keeps the values and links each error to its field', async () => {
    const browser = new BrowserlessClient();
    const form = await browser.get(`${t.baseUrl}/portal/join?lang=en`);
    expect(form.status).toBe(200);
    const fields = parseForms(form.body)[0]?.fields ?? {};
    const res = await browser.post(`${t.baseUrl}/portal/join`, {
      form: fields.form ?? '',
      step: 'confirm',
      language: 'en',
      termsVersion: '1',
      kind: 'education',
      name: 'Väärän Tunnuksen Koulu',
      businessId: '1234567-2',
      postalCode: '123',
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('href="#businessId"');
    expect(res.body).toContain('href="#postalCode"');
    expect(res.body).toContain('value="Väärän Tunnuksen Koulu"');
    expect(res.body).toMatch(/id="businessId"[^>]*aria-invalid="true"/);
    expect(await count()).toBe(0);
  });

  it('a forged or used verification link gets a clear page (410)', async () => {
    const browser = new BrowserlessClient();
    const forged = await browser.get(`${t.baseUrl}/portal/join/verify?token=forged&lang=en`);
    expect(forged.status).toBe(410);
    expect(forged.body).toContain('The link is not recognised');
    const status = await browser.get(`${t.baseUrl}/portal/join/status?token=forged&lang=en`);
    expect(status.status).toBe(404);
    expect(status.body).toContain('No application found');
  });

  it('operator pages redirect to sign-in without a session and refuse other roles with 403', async () => {
    const anonymous = new BrowserlessClient();
    const redirected = await anonymous.get(`${t.baseUrl}/portal/operator/applications`);
    expect(redirected.status).toBe(303);
    expect(redirected.headers.get('location')).toBe('/portal/sign-in');

    for (const role of ['education-viewer', 'education-main', 'service-main'] as const) {
      const { browser, csrf } = await signedInBrowser(
        t,
        `${role}@pages.example`,
        role,
        '1.2.246.562.99.00000000001',
      );
      for (const path of [
        '/portal/operator/applications',
        '/portal/operator/terms',
        '/portal/operator/applications/x',
      ])
        expect({ role, path, status: (await browser.get(`${t.baseUrl}${path}`)).status }).toEqual({
          role,
          path,
          status: 403,
        });
      const publish = await browser.post(`${t.baseUrl}/portal/operator/terms`, {
        csrf,
        fi: 'x'.repeat(30),
        sv: 'x'.repeat(30),
        en: 'x'.repeat(30),
      });
      expect(publish.status).toBe(403);
    }
    const versions = await t.services.db.selectFrom('portal_terms_version').select('id').execute();
    expect(versions).toEqual([{ id: 1 }]);

    const { browser } = await signedInBrowser(t, 'operator@pages.example', 'operator', 'passi');
    const list = await browser.get(`${t.baseUrl}/portal/operator/applications?lang=en`);
    expect(list.status).toBe(200);
    expect(list.body).toContain('No applications to handle.');
  });

  it('approving asks for the password and a code again when the sign-in is older than 10 minutes', async () => {
    const { browser, password, recoveryCodes } = await signedInBrowser(
      t,
      'stale.operator@pages.example',
      'operator',
      'passi',
    );
    const id = await verifiedApplication(t);
    const detailUrl = `${t.baseUrl}/portal/operator/applications/${id}?lang=en`;
    const fresh = await browser.get(detailUrl);
    expect(parseForms(fresh.body).map((f) => f.action)).toContain(
      `/portal/operator/applications/${id}/approve`,
    );

    await sql`update portal_session set authenticated_at = authenticated_at - interval '11 minutes'`.execute(
      t.services.db,
    );
    const stale = await browser.get(detailUrl);
    const actions = parseForms(stale.body).map((f) => f.action);
    expect(actions).not.toContain(`/portal/operator/applications/${id}/approve`);
    expect(actions).toContain(`/portal/operator/applications/${id}/reauthenticate`);
    expect(stale.body).toContain('Approving invites the contact person as main user.');

    // A crafted approve from the stale session is refused and writes nothing.
    const csrf = parseForms(stale.body)[0]?.fields.csrf ?? '';
    const crafted = await browser.post(`${t.baseUrl}/portal/operator/applications/${id}/approve?lang=en`, {
      csrf,
      oid: '1.2.246.562.99.00000000066',
    });
    expect(crafted.status).toBe(401);
    const status = async () =>
      (
        await t.services.db
          .selectFrom('portal_join_application')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status()).toBe('verified');

    const reauthForm = (body: string) =>
      parseForms(body).find((f) => f.action.endsWith('/reauthenticate')) ?? { action: '', fields: {} };
    const wrong = await browser.post(`${t.baseUrl}${reauthForm(stale.body).action}?lang=en`, {
      ...reauthForm(stale.body).fields,
      password,
      code: '000000',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('The password or code is wrong.');

    const right = await browser.submitForm(
      stale,
      { password, code: recoveryCodes[0] ?? '' },
      parseForms(stale.body).findIndex((f) => f.action.endsWith('/reauthenticate')),
    );
    expect(right.url).toBe(`${t.baseUrl}/portal/operator/applications/${id}`);
    expect(parseForms(right.body).map((f) => f.action)).toContain(
      `/portal/operator/applications/${id}/approve`,
    );

    // An OID already in Passi: the refusal in Finnish, nothing stored.
    const taken = await browser.post(`${t.baseUrl}/portal/operator/applications/${id}/approve?lang=fi`, {
      csrf,
      oid: '1.2.246.562.99.00000000001',
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toContain('Organisaatio 1.2.246.562.99.00000000001 on jo Passissa.');
    expect(await status()).toBe('verified');
  });
});
