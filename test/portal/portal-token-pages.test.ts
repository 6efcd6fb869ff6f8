import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForms } from '../support/browserless-client.ts';
import { decodeHtmlText } from '../support/html-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signedInBrowser } from './portal-support.ts';

const htmlText = (html: string) => decodeHtmlText(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
const formIndex = (html: string, action: string) => parseForms(html).findIndex((f) => f.action === action);

describe('portal API token page: the same commands as the JSON API, with a fresh sign-in to create', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('creates a token shown once, which then works as a bearer; revokes it; asks for a fresh sign-in when the last one is old', async () => {
    const { browser, password, recoveryCodes } = await signedInBrowser(
      t,
      'pages@example.fi',
      'service-main',
      'svc-org',
    );
    const page = await browser.get(`${t.baseUrl}/portal/tokens?lang=en`);
    expect(page.status).toBe(200);
    expect(htmlText(page.body)).toContain('You have no API tokens.');

    const created = await browser.submitForm(
      page,
      { name: 'deploy', days: '30' },
      formIndex(page.body, '/portal/tokens'),
    );
    expect(created.status).toBe(201);
    const token = /<code class="new-token">(passi_pat_[A-Za-z0-9_-]+)<\/code>/.exec(created.body)?.[1] ?? '';
    expect(token).not.toBe('');
    const me = await fetch(`${t.baseUrl}/portal/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await me.json()).toMatchObject({ organisationId: 'svc-org', role: 'service-main', via: 'token' });

    const listed = await browser.get(`${t.baseUrl}/portal/tokens?lang=en`);
    expect(listed.body).not.toContain(token);
    const revoked = await browser.submitForm(listed, {}, formIndex(listed.body, '/portal/tokens/revoke'));
    // The form posts without ?lang: the browser's language (fi) applies.
    expect(htmlText(revoked.body)).toContain('Avain on peruttu; se ei enää toimi.');
    const after = await fetch(`${t.baseUrl}/portal/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);

    // Eleven minutes after sign-in: creating needs password and a second factor again.
    await t.services.db
      .updateTable('portal_session')
      .set({ authenticated_at: new Date(Date.now() - 11 * 60_000) })
      .execute();
    const stale = await browser.get(`${t.baseUrl}/portal/tokens?lang=en`);
    expect(formIndex(stale.body, '/portal/tokens')).toBe(-1);
    const reauthAt = formIndex(stale.body, '/portal/reauthenticate');
    expect(reauthAt).toBeGreaterThan(-1);
    const wrong = await browser.submitForm(
      stale,
      { password: 'wrong password', code: recoveryCodes[0] ?? '' },
      reauthAt,
    );
    expect(wrong.status).toBe(401);
    const fresh = await browser.submitForm(stale, { password, code: recoveryCodes[1] ?? '' }, reauthAt);
    expect(fresh.status).toBe(200);
    expect(formIndex(fresh.body, '/portal/tokens')).toBeGreaterThan(-1);
    const actions = (
      await t.services.db.selectFrom('portal_audit').select('action').orderBy('id').execute()
    ).map((r) => r.action);
    expect(actions.slice(-4)).toEqual([
      'api-token-revoked',
      'api-token-refused',
      'sign-in-failed',
      'reauthenticated',
    ]);
  });

  it('a token form posted without the session’s CSRF token changes nothing', async () => {
    const { browser } = await signedInBrowser(t, 'csrf.pages@example.fi', 'service-main', 'svc-org');
    const res = await browser.post(`${t.baseUrl}/portal/tokens`, {
      name: 'forged',
      days: '30',
      csrf: 'wrong',
    });
    expect(res.status).toBe(403);
    const rows = await t.services.db
      .selectFrom('portal_api_token')
      .selectAll()
      .where('name', '=', 'forged')
      .execute();
    expect(rows).toEqual([]);
  });
});
