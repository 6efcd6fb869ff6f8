import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { systemClock } from '../../core/clock.ts';
import type { LoginReport } from '../../core/flow/ports.ts';
import { summariseRequest } from '../../core/login-request.ts';
import { countingDb } from '../testing/counting-db.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { createLoginReportStore } from './login-report-store.ts';
import { createSessionStore } from './session-store.ts';

const report = (flowId: string): LoginReport => ({
  flowId,
  request: summariseRequest({
    face: 'saml',
    serviceId: 'svc',
    forceAuthn: false,
    isPassive: false,
    authnSources: [],
    authnTags: [],
    faceState: {},
  }),
  serviceId: 'svc',
  correlationId: `_req-${flowId}`,
  upstream: {
    integrationId: 'school-1',
    flowName: 'saml',
    attributes: { uid: ['maija'] },
    authnInstant: new Date().toISOString(),
  },
  identity: { uid: 'maija', attributes: { firstName: ['Maija'] }, problems: [], blocked: false },
  at: new Date().toISOString(),
});

const session = (id: string) => ({
  id,
  upstream: report(id).upstream,
  createdAt: new Date().toISOString(),
});

describeEachStore('login reports and the session a login opens', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  const reportsOf = (flowId: string) =>
    t.db.selectFrom('login_report').select(['flow_id', 'outcome']).where('flow_id', '=', flowId).execute();

  it('stores the report and the session in one statement', async () => {
    const { db, counter } = countingDb(t.db);
    const reports = createLoginReportStore(db, systemClock, async () => false);
    await reports.recorder.recordWithSession(report('flow-a'), session('handle-a'), 3600);
    expect(counter.statements).toBe(1);
    expect(await reportsOf('flow-a')).toEqual([{ flow_id: 'flow-a', outcome: 'completed' }]);
    const stored = await createSessionStore(t.db, systemClock).get('handle-a');
    expect(stored?.upstream.integrationId).toBe('school-1');
    // Expires after the TTL, not before.
    const row = await t.db
      .selectFrom('session')
      .select(['created_at', 'expires_at'])
      .where('id', '=', 'handle-a')
      .executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(3_600_000);
  });

  it('stores neither when the session cannot be stored', async () => {
    const reports = createLoginReportStore(t.db, systemClock, async () => false);
    await createSessionStore(t.db, systemClock).create(session('handle-b'), 3600);
    // The same handle again violates the session's primary key: the report must not stay behind alone.
    await expect(
      reports.recorder.recordWithSession(report('flow-b'), session('handle-b'), 3600),
    ).rejects.toThrow();
    expect(await reportsOf('flow-b')).toEqual([]);
  });

  it('stores a report alone', async () => {
    const reports = createLoginReportStore(t.db, systemClock, async () => false);
    await reports.recorder.record(report('flow-c'));
    expect(await reportsOf('flow-c')).toEqual([{ flow_id: 'flow-c', outcome: 'completed' }]);
    expect(await createSessionStore(t.db, systemClock).get('flow-c')).toBeUndefined();
  });
});
