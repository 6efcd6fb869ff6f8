/**
 * An education provider's login statistics, data quality and support trace pages through the real app
 * (docs/portal.md "Login statistics, data quality and support trace"): logins through the test directory
 * — a pupil, a teacher, accounts with registry problems and a cancelled one, as in
 * test/e2e/login-insight.test.ts — then the pages as the organisation's signed-in main user: the daily
 * table's counts, the CSV equal to the table row for row, the problems with advice, the trace by error id,
 * the top problems on the front page; refusals for bad dates and for another organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForms } from '../support/browserless-client.ts';
import { decodeHtmlText } from '../support/html-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { oneUtcDay } from '../support/utc-day.ts';
import { INSIGHT_ORGANISATION, INSIGHT_REGISTRY, makeInsightLogins } from './insight-support.ts';
import { signedInBrowser } from './portal-support.ts';

const MANSIKKALA = INSIGHT_ORGANISATION;
const OTHER = '1.2.246.562.99.00000000050';
const REGISTRY = `${INSIGHT_REGISTRY}
organisations:
  - oid: ${OTHER}
    name: { fi: Toinen koulutustoimija }
    roles: [educationProvider]
`;

const cellText = (html: string) => decodeHtmlText(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).trim();

/** The rows of the table with `id` as text, its header row first. */
function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table id="${id}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => cellText(c[1] ?? '')),
  );
}

/** RFC 4180 records, read independently of the writer: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('portal: login statistics, data quality and support trace pages', () => {
  let t: TestApp;
  let blockedErrorId = '';
  let day = '';
  const path = (org: string, page: string, query = '') => `/portal/organisation/${org}/${page}${query}`;

  beforeAll(async () => {
    day = await oneUtcDay();
    t = await createTestApp({ registry: REGISTRY });
    ({ blockedErrorId } = await makeInsightLogins(t));
  }, 300_000);
  afterAll(() => t?.close());

  it('the statistics table shows the counts, and the CSV holds the same rows', async () => {
    const { browser } = await signedInBrowser(t, 'tilastot@example.fi', 'education-main', MANSIKKALA);
    const page = await browser.get(`${t.baseUrl}${path(MANSIKKALA, 'statistics', '?lang=en')}`);
    expect(page.status).toBe(200);
    const rows = tableRows(page.body, 'daily-table');
    expect(rows[0]).toEqual([
      'Day',
      'Total',
      'Completed',
      'Completed, data incomplete',
      'Blocked (incomplete data)',
      'Cancelled',
      'Failed at the school’s sign-in',
      'Failed for another reason',
    ]);
    expect(rows).toHaveLength(31); // the header and the default 30 days
    expect(rows.at(-1)).toEqual([day, '6', '2', '2', '1', '1', '0', '0']);
    expect(cellText(/<dd data-total="\d+">[^<]*<\/dd>/.exec(page.body)?.[0] ?? '')).toBe('6');
    expect(cellText(/<dd data-completed="\d+">[\s\S]*?<\/dd>/.exec(page.body)?.[0] ?? '')).toBe('4 (66.7%)');
    expect(cellText(/<dd data-failed="\d+">[\s\S]*?<\/dd>/.exec(page.body)?.[0] ?? '')).toBe('2 (33.3%)');
    // Each chart is an image with a name, and its table is right after it.
    for (const chart of ['chart-per-day', 'chart-by-service', 'chart-by-outcome'])
      expect(page.body).toMatch(
        new RegExp(`<svg role="img" aria-labelledby="${chart}-title" aria-describedby="${chart}-desc"`),
      );
    expect(tableRows(page.body, 'by-service-table')).toContainEqual([
      'User attribute test service (SAML) attribute-test-saml',
      '6',
      '100%',
    ]);

    // Every login is counted once by school and once by role (a cancelled one under "no school/role").
    const sum = (id: string) =>
      tableRows(page.body, id)
        .slice(1)
        .reduce((a, r) => a + Number(r[1]), 0);
    expect([sum('by-school-table'), sum('by-role-table')]).toEqual([6, 6]);
    expect(tableRows(page.body, 'by-role-table').map((r) => r[0])).toContain('Pupil');
    expect(tableRows(page.body, 'by-school-table').map((r) => r[0])).toContain('(no school code)');

    const csvLink = /href="([^"]*statistics\.csv[^"]*)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
    expect(csvLink).toBeDefined();
    const csv = await browser.get(`${t.baseUrl}${csvLink}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="passi-logins-.*\.csv"$/);
    expect(parseCsv(csv.body.replace(/^\uFEFF/, ''))).toEqual(rows);

    // In Finnish the same table, headers translated.
    const fi = await browser.get(`${t.baseUrl}${path(MANSIKKALA, 'statistics', `?from=${day}&to=${day}`)}`);
    expect(tableRows(fi.body, 'daily-table')).toEqual([
      expect.arrayContaining(['Päivä', 'Yhteensä', 'Onnistui']),
      [day, '6', '2', '2', '1', '1', '0', '0'],
    ]);
  });

  it('a bad date is shown back with the reason (400), and another organisation is refused (403)', async () => {
    const { browser } = await signedInBrowser(t, 'paivat@example.fi', 'education-viewer', MANSIKKALA);
    const bad = await browser.get(
      `${t.baseUrl}${path(MANSIKKALA, 'statistics', '?from=2026-02-30&lang=en')}`,
    );
    expect(bad.status).toBe(400);
    expect(cellText(bad.body)).toContain('The date is not valid');
    expect(bad.body).toContain('value="2026-02-30"');
    const reversed = await browser.get(
      `${t.baseUrl}${path(MANSIKKALA, 'statistics', '?from=2026-03-02&to=2026-03-01&lang=sv')}`,
    );
    expect(reversed.status).toBe(400);
    expect(cellText(reversed.body)).toContain('Början ligger efter slutet');
    const window = await browser.get(
      `${t.baseUrl}${path(MANSIKKALA, 'trace', `?from=${day}T00:00&to=${day}T23:59&lang=en`)}`,
    );
    expect(window.status).toBe(200);
    const tooLong = await browser.get(
      `${t.baseUrl}${path(MANSIKKALA, 'trace', '?from=2026-01-01T00:00&to=2026-01-02T00:01&lang=en')}`,
    );
    expect(tooLong.status).toBe(400);
    expect(cellText(tooLong.body)).toContain('at most 24 hours');
    for (const page of ['statistics', 'statistics.csv', 'data-quality', 'trace']) {
      const refused = await browser.get(`${t.baseUrl}${path(OTHER, page)}`);
      expect(refused.status, page).toBe(403);
      expect(refused.headers.get('x-passi-error-code')).toBe('PASSI_PORTAL_FORBIDDEN');
    }
  });

  it('the data-quality page lists the registry problems with advice in the page language', async () => {
    const { browser } = await signedInBrowser(t, 'laatu@example.fi', 'education-viewer', MANSIKKALA);
    const page = await browser.get(`${t.baseUrl}${path(MANSIKKALA, 'data-quality', '?lang=en')}`);
    expect(page.status).toBe(200);
    const rows = tableRows(page.body, 'quality-table');
    const byCode = (code: string) => rows.find((r) => r[2] === code);
    expect(byCode('SCHOOL_MISSING How to fix it')).toEqual([
      'Insight test schools',
      '(no school code)',
      'SCHOOL_MISSING How to fix it',
      expect.any(String),
      '1 / 1',
      '100%',
      expect.stringMatching(new RegExp(`^${day}`)),
      expect.stringMatching(new RegExp(`^${day}`)),
    ]);
    expect(byCode('SCHOOL_NOT_ALLOWED How to fix it')?.[1]).toBe('99979');
    expect(byCode('LEARNER_ID_MISSING How to fix it')?.slice(1, 6)).toEqual([
      '30076',
      'LEARNER_ID_MISSING How to fix it',
      'learnerId',
      '1 / 3',
      '33.3%',
    ]);
    // The advice, once per problem, in the page's language.
    const advice = (html: string, code: string) =>
      cellText(new RegExp(`<div id="advice-${code}"[\\s\\S]*?</div>`).exec(html)?.[0] ?? '');
    expect(advice(page.body, 'SCHOOL_MISSING')).toContain('The school code is missing');
    expect(advice(page.body, 'LEARNER_ID_MISSING')).toContain('The learner id is missing');
    const sv = await browser.get(`${t.baseUrl}${path(MANSIKKALA, 'data-quality', '?lang=sv')}`);
    expect(advice(sv.body, 'LEARNER_ID_MISSING')).toContain('Elevnumret saknas');

    // The front page's top problems, with the way to this page.
    const home = await browser.get(`${t.baseUrl}/portal/?lang=en`);
    const top =
      /<section aria-labelledby="top-problems-heading"[\s\S]*?<\/section>/.exec(home.body)?.[0] ?? '';
    expect([...top.matchAll(/data-code="([A-Z_]+)"/g)].map((m) => m[1])).toEqual(
      expect.arrayContaining(['SCHOOL_MISSING', 'SCHOOL_NOT_ALLOWED', 'LEARNER_ID_MISSING']),
    );
    expect(top).toContain(`href="${path(MANSIKKALA, 'data-quality')}"`);
    for (const page of ['statistics', 'data-quality', 'trace'])
      expect(home.body).toContain(`href="${path(MANSIKKALA, page)}"`);
  });

  it('a service provider’s people see their service’s logins at the school, and no data quality', async () => {
    const owner = '1.2.246.562.99.00000000099'; // owns the attribute test service (demo/registry.yaml)
    const { browser } = await signedInBrowser(t, 'palvelu@example.fi', 'service-viewer', owner);
    const page = await browser.get(`${t.baseUrl}${path(owner, 'statistics', '?lang=en')}`);
    expect(page.status).toBe(200);
    expect(tableRows(page.body, 'daily-table').at(-1)).toEqual([day, '6', '2', '2', '1', '1', '0', '0']);
    expect(
      tableRows(page.body, 'by-service-table')
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(['6']);
    const quality = await browser.get(`${t.baseUrl}${path(owner, 'data-quality', '?lang=en')}`);
    expect(cellText(quality.body)).toContain('it is not shown to service providers');
    expect(quality.body).not.toContain('quality-table');
    const trace = await browser.get(
      `${t.baseUrl}${path(owner, 'trace', `?errorId=${blockedErrorId}&lang=en`)}`,
    );
    expect([...trace.body.matchAll(/<article/g)]).toHaveLength(1);
    // The education provider's pages stay closed to them.
    expect((await browser.get(`${t.baseUrl}${path(MANSIKKALA, 'trace')}`)).status).toBe(403);
  });

  it('the trace finds the blocked login by its error id, with names but no values', async () => {
    const { browser } = await signedInBrowser(t, 'jaljitys@example.fi', 'education-main', MANSIKKALA);
    const form = await browser.get(`${t.baseUrl}${path(MANSIKKALA, 'trace', '?lang=en')}`);
    const traceForm = parseForms(form.body).findIndex((f) => f.action.endsWith('/trace'));
    const found = await browser.submitForm(form, { errorId: blockedErrorId ?? '' }, traceForm);
    expect(found.status).toBe(200);
    expect(new URL(found.url).searchParams.get('errorId')).toBe(blockedErrorId);
    const logins = [...found.body.matchAll(/<article[\s\S]*?<\/article>/g)].map((m) => cellText(m[0]));
    expect(logins).toHaveLength(1);
    expect(logins[0]).toContain('Blocked (incomplete data)');
    expect(logins[0]).toContain('PASSI_LOGIN_BLOCKED');
    expect(logins[0]).toContain('LEARNER_ID_MISSING');
    expect(logins[0]).toContain('attribute-test-saml');
    expect(logins[0]).toMatch(/isPassive ?: false/);
    expect(logins[0]).toContain(`Error id ${blockedErrorId}`);

    // By time and school: today's logins at 30076 are the pupil's, the teacher's and the blocked one.
    const now = new Date();
    const from = new Date(now.getTime() - 3_600_000).toISOString().slice(0, 16);
    const to = new Date(now.getTime() + 60_000).toISOString().slice(0, 16);
    const bySchool = await browser.get(
      `${t.baseUrl}${path(MANSIKKALA, 'trace', `?from=${from}&to=${to}&school=30076&serviceId=attribute-test-saml&lang=en`)}`,
    );
    const atSchool = [...bySchool.body.matchAll(/<article[\s\S]*?<\/article>/g)].map((m) => cellText(m[0]));
    expect(atSchool).toHaveLength(3);
    expect(atSchool.join(' ')).toContain('learnerId');
    expect(atSchool.join(' ')).not.toContain('Testi1');
  });
});
