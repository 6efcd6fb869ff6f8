/**
 * What happened in logins, found again (docs/operations.md "Daily login statistics", "Data quality",
 * "Support trace"): logins through the test directory — a regular pupil, a teacher, accounts with registry
 * problems (no school code, unknown school, no learner id) and a cancelled one — then the statistics, the
 * data-quality rows and the trace by error id, each scoped to whom it belongs.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataQuality } from '../../src/ops/quality/data-quality-query.ts';
import { loginStatistics } from '../../src/ops/statistics/login-statistics-query.ts';
import { traceLogins } from '../../src/ops/trace/login-trace-query.ts';
import type { TestStoreKind } from '../../src/store/testing/test-db.ts';
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import { describeEachStore } from '../support/describe-each-store.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { oneUtcDay } from '../support/utc-day.ts';

const SCHOOL_ID = '4000904';
const FLOW = 'OivallusTest';
const SERVICE = 'attribute-test-saml';
const REGISTRY = `
integrations:
  - id: "${SCHOOL_ID}"
    organisationOid: 1.2.246.562.99.00000000001
    type: test-directory
    flowName: ${FLOW}
    deploymentPhase: test
    settings: { kind: test-directory }
    discovery:
      displayName: { fi: Oivallustestikoulut, sv: Insiktstestskolor, en: Insight test schools }
      showSchools: false
`;

function insightSuite(store: TestStoreKind) {
  let t: TestApp;
  let day = '';
  beforeAll(async () => {
    day = await oneUtcDay();
    t = await createTestApp({ registry: REGISTRY, store });
  }, 300_000);
  afterAll(() => t?.close());

  /** A login as `username` (or cancelled at the school when undefined); the error id shown, if any. */
  const login = async (username: string | undefined): Promise<string | undefined> => {
    const browser = new BrowserlessClient();
    const discovery = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en`);
    const loginPage = await browser.postFollow(`${t.baseUrl}/discovery/choose`, {
      choice: `${SCHOOL_ID}~`,
      lang: 'en',
      form_token: parseForms(discovery.body).find((f) => f.fields.form_token)?.fields.form_token ?? '',
    });
    const answer = username
      ? await browser.submitForm(loginPage, { username, password: `${username}pwd` })
      : await browser.submitForm(loginPage, {}, 1);
    const result = await browser.submitForm(answer);
    return /PASSI-[A-Z0-9-]+|[0-9a-f]{8}-[0-9a-f-]{27}/i.exec(result.body)?.[0];
  };
  /** Statistics and reports are written after the answer: wait for them. */
  const eventually = async <T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
    let value = await read();
    for (let i = 0; i < 50 && !done(value); i++) {
      await new Promise((r) => setTimeout(r, 100));
      value = await read();
    }
    return value;
  };

  it('counts, explains and traces logins, each only for whom they belong to', async () => {
    expect(await login('demo_u0001')).toBeUndefined(); // pupil, school 30076
    expect(await login('demo_u0040')).toBeUndefined(); // teacher
    expect(await login('demo_u0020')).toBeUndefined(); // no school code: released with problems
    expect(await login('demo_u0021')).toBeUndefined(); // unknown school 99979
    const blockedErrorId = await login('demo_u0022'); // no learner id: blocked
    const cancelledErrorId = await login(undefined);
    expect(blockedErrorId).toBeDefined();
    expect(cancelledErrorId).toBeDefined();

    const db = t.services.db;
    const mine = { kind: 'integrations', integrationIds: [SCHOOL_ID] } as const;
    const stats = await eventually(
      () => loginStatistics(db, { from: day, to: day, scope: mine }),
      (s) => s.total >= 6,
    );
    expect(stats.total).toBe(6);
    expect(Object.fromEntries(stats.byOutcome.map((r) => [r.key, r.count]))).toEqual({
      completed: 2,
      'completed:problems': 2,
      'failed:blocked': 1,
      'failed:cancelled': 1,
    });
    expect(Object.fromEntries(stats.byRole.map((r) => [r.key, r.count]))).toMatchObject({
      pupil: 3,
      teacher: 1,
    });
    expect(stats.bySchool.find((r) => r.key === '30076')?.count).toBe(2);
    expect(stats.bySchool.find((r) => r.key === '99979')?.count).toBe(1);
    expect(stats.perDay).toEqual([expect.objectContaining({ day, count: 6 })]);
    // Another organisation's integrations, or a service the caller does not own: nothing.
    const other = await loginStatistics(db, {
      from: day,
      to: day,
      scope: { kind: 'integrations', integrationIds: ['another'] },
    });
    expect(other.total).toBe(0);
    const service = await loginStatistics(db, {
      from: day,
      to: day,
      scope: { kind: 'services', serviceIds: [SERVICE] },
    });
    expect(service.total).toBe(6);

    const quality = await dataQuality(db, { from: day, to: day, integrationIds: [SCHOOL_ID] });
    const fired = (code: string) => quality.filter((q) => q.code === code);
    expect(fired('SCHOOL_MISSING')).toEqual([
      expect.objectContaining({ integrationId: SCHOOL_ID, school: '', logins: 1, ofLogins: 1 }),
    ]);
    // 99979 is a school of another education provider in the organisation data.
    expect(fired('SCHOOL_NOT_ALLOWED')).toEqual([
      expect.objectContaining({ school: '99979', logins: 1, ofLogins: 1 }),
    ]);
    expect(fired('LEARNER_ID_MISSING')).toEqual([
      expect.objectContaining({ school: '30076', logins: 1, ofLogins: 3, attributes: ['learnerId'] }),
    ]);
    expect(fired('LEARNER_ID_MISSING')[0]?.advice?.fi).toContain('Oppijanumero puuttuu');
    expect(await dataQuality(db, { from: day, to: day, integrationIds: ['another'] })).toEqual([]);

    const blocked = await eventually(
      () => traceLogins(db, mine, { errorId: blockedErrorId ?? '' }),
      (rows) => rows.length > 0,
    );
    expect(blocked).toEqual([
      expect.objectContaining({
        serviceId: SERVICE,
        integrationId: SCHOOL_ID,
        outcome: 'failed:blocked',
        errorCode: 'PASSI_LOGIN_BLOCKED',
        released: [],
        request: expect.objectContaining({ face: 'saml', isPassive: false }),
        problems: expect.arrayContaining([expect.objectContaining({ code: 'LEARNER_ID_MISSING' })]),
      }),
    ]);
    const cancelled = await eventually(
      () => traceLogins(db, { kind: 'all' }, { errorId: cancelledErrorId ?? '' }),
      (rows) => rows.length > 0,
    );
    expect(cancelled).toEqual([
      expect.objectContaining({ outcome: 'failed:cancelled', errorCode: 'PASSI_UPSTREAM_CANCELLED' }),
    ]);
    // The trace of a regular login names what was released, never the values.
    const recent = await traceLogins(db, mine, { from: new Date(Date.now() - 600_000), to: new Date() });
    const regular = recent.find((r) => r.outcome === 'completed' && r.school === '30076');
    expect(regular?.released).toEqual(expect.arrayContaining(['learnerId', 'schoolCode', 'role']));
    expect(JSON.stringify(recent)).not.toContain('Testi1');
    // Not found by another organisation, nor by a service provider of other services.
    expect(
      await traceLogins(
        db,
        { kind: 'integrations', integrationIds: ['another'] },
        { errorId: blockedErrorId ?? '' },
      ),
    ).toEqual([]);
    expect(
      await traceLogins(
        db,
        { kind: 'services', serviceIds: ['other-service'] },
        { errorId: blockedErrorId ?? '' },
      ),
    ).toEqual([]);
  });

  it('refuses a reversed or over-long date range', async () => {
    const db = t.services.db;
    await expect(
      loginStatistics(db, { from: '2026-12-02', to: '2026-12-01', scope: { kind: 'all' } }),
    ).rejects.toMatchObject({ code: 'PASSI_REQUEST_INVALID' });
    await expect(
      loginStatistics(db, { from: '2020-01-01', to: '2026-12-01', scope: { kind: 'all' } }),
    ).rejects.toMatchObject({ code: 'PASSI_REQUEST_INVALID' });
    await expect(
      loginStatistics(db, { from: '2026-02-30', to: '2026-03-01', scope: { kind: 'all' } }),
    ).rejects.toMatchObject({ code: 'PASSI_REQUEST_INVALID' });
  });
}

describeEachStore('login statistics, data quality and trace', insightSuite);
