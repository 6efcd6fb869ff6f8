import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { systemClock } from '../../core/clock.ts';
import type { LoginReport } from '../../core/flow/ports.ts';
import { summariseRequest } from '../../core/login-request.ts';
import { countingDb } from '../testing/counting-db.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { createLoginReportStore } from './login-report-store.ts';
import { createLoginRowsWriteBehind } from './login-rows-write-behind.ts';
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

  it('on the embedded store writes behind the login; its own reads and a failure wait for the writes', async () => {
    const { db, counter } = countingDb(t.db);
    const behind = createLoginRowsWriteBehind(db, systemClock, () => {});
    const reports = createLoginReportStore(db, systemClock, async () => true, behind);
    const sessions = createSessionStore(db, systemClock, behind);
    const done = report('flow-d');
    await reports.recorder.recordWithSession(done, session('handle-d'), 3600);
    const blocked = { ...report('flow-e'), identity: { ...report('flow-e').identity, blocked: true } };
    await reports.recorder.record(blocked);
    // Nothing written yet; the session is found in memory.
    expect(counter.statements).toBe(0);
    expect((await sessions.get('handle-d'))?.upstream.integrationId).toBe('school-1');
    expect(counter.statements).toBe(0);
    // A read of this store waits for the pending rows: they are in the table after it.
    expect(await idOf('flow-d')).toBe('none');
    expect(await reports.findDetail('svc', 'no-such-report', '_req-flow-d')).toBeUndefined();
    const handle = await idOf('flow-d');
    expect(handle).not.toBe('none');
    expect((await reports.findDetail('svc', handle, '_req-flow-d'))?.integrationId).toBe('school-1');
    // A blocked login's failure finds its report, whether or not it was written yet.
    await reports.recorder.record({ ...blocked, flowId: 'flow-f' });
    for (const flowId of ['flow-e', 'flow-f'])
      await reports.recordFailure(
        {
          type: 'login.failed',
          flowId,
          at: new Date().toISOString(),
          code: 'PASSI_LOGIN_BLOCKED',
          errorId: `err-${flowId}`,
          serviceId: 'svc',
          integrationId: 'school-1',
          flowName: 'saml',
          detail: 'login blocked',
          request: done.request,
        },
        'failed:blocked',
      );
    expect(await reportsOf('flow-e')).toEqual([{ flow_id: 'flow-e', outcome: 'failed:blocked' }]);
    expect(await reportsOf('flow-f')).toEqual([{ flow_id: 'flow-f', outcome: 'failed:blocked' }]);
    // Destroyed: gone from memory and, after the next write, from the table.
    await sessions.destroy('handle-d');
    expect(await sessions.get('handle-d')).toBeUndefined();
    await behind.flush();
    expect(await createSessionStore(t.db, systemClock).get('handle-d')).toBeUndefined();
  });

  const idOf = async (flowId: string) =>
    (await t.db.selectFrom('login_report').select('id').where('flow_id', '=', flowId).executeTakeFirst())
      ?.id ?? 'none';
});
