import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { countingDb } from '../testing/counting-db.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../testing/test-db.ts';
import {
  createLoginRowsWriteBehind,
  type LoginReportRow,
  type SessionRow,
} from './login-rows-write-behind.ts';

function loginRowsSuite(kind: TestStoreKind) {
  let t: TestDb;
  const clock = fixedClock(new Date('2026-12-05T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.close());

  const session = (id: string, ttlMs = 3_600_000): SessionRow => ({
    id,
    data: { id, upstream: { integrationId: 'school-1' } },
    created_at: clock.now(),
    expires_at: new Date(clock.now().getTime() + ttlMs),
  });
  const report = (flowId: string, problemCode = 'none'): LoginReportRow => ({
    id: randomUUID(),
    at: clock.now(),
    service_id: 'svc',
    integration_id: 'school-1',
    correlation_id: null,
    blocked: false,
    problems: JSON.stringify([{ code: problemCode, severity: 'warning', attributes: [] }]),
    detail: null,
    detail_expires_at: null,
    flow_id: flowId,
    outcome: 'completed',
  });
  const sessionsIn = async (ids: string[]) =>
    (await t.db.selectFrom('session').select('id').where('id', 'in', ids).orderBy('id').execute()).map(
      (r) => r.id,
    );
  const reportsIn = async (flows: string[]) =>
    (
      await t.db
        .selectFrom('login_report')
        .select('flow_id')
        .where('flow_id', 'in', flows)
        .orderBy('flow_id')
        .execute()
    ).map((r) => r.flow_id);
  const renameTable = (from: string, to: string) =>
    sql`ALTER TABLE ${sql.table(from)} RENAME TO ${sql.table(to)}`.execute(t.db);
  const refused: unknown[] = [];
  const behind = (db = t.db, maxRows?: number) =>
    createLoginRowsWriteBehind(db, clock, (e) => refused.push(e), maxRows);

  it('holds sessions and reports in memory, then writes a whole interval’s in one transaction', async () => {
    const { db, counter } = countingDb(t.db);
    const rows = behind(db);
    for (const n of [1, 2, 3]) rows.add({ session: session(`w-s${n}`), report: report(`w-f${n}`) });
    const held = rows.pendingSession('w-s1');
    expect(held?.data).toEqual({ id: 'w-s1', upstream: { integrationId: 'school-1' } });
    // A copy: changing it changes nothing held.
    if (held) held.data.id = 'changed';
    expect(rows.pendingSession('w-s1')?.data.id).toBe('w-s1');
    expect(rows.pendingSession('w-other')).toBeUndefined();
    expect(await sessionsIn(['w-s1', 'w-s2', 'w-s3'])).toEqual([]);
    expect(rows.pending()).toBe(6);
    await rows.flush();
    // One statement for the sessions and one for the reports, in one transaction.
    expect(counter.statements).toBe(2);
    expect(await sessionsIn(['w-s1', 'w-s2', 'w-s3'])).toEqual(['w-s1', 'w-s2', 'w-s3']);
    expect(await reportsIn(['w-f1', 'w-f2', 'w-f3'])).toEqual(['w-f1', 'w-f2', 'w-f3']);
    expect(rows.pending()).toBe(0);
  });

  it('a session destroyed before its write is never written; one destroyed after it is deleted', async () => {
    const rows = behind();
    rows.add({ session: session('d-written') });
    await rows.flush();
    rows.add({ session: session('d-never') });
    rows.destroySession('d-never');
    rows.destroySession('d-written');
    expect(rows.pendingSession('d-never')).toBeNull();
    await rows.flush();
    expect(await sessionsIn(['d-written', 'd-never'])).toEqual([]);
  });

  it('a failed write keeps its rows in front of newer ones, without sessions destroyed or expired since', async () => {
    const rows = behind();
    rows.add({ session: session('f-kept') });
    rows.add({ session: session('f-destroyed') });
    rows.add({ session: session('f-short', 5_000) });
    rows.add({ report: report('f-r1') });
    await renameTable('login_report', 'login_report_away');
    clock.advance(6_000);
    try {
      await expect(rows.flush()).rejects.toThrow();
    } finally {
      await renameTable('login_report_away', 'login_report');
    }
    expect(await sessionsIn(['f-kept'])).toEqual([]);
    rows.destroySession('f-destroyed');
    rows.add({ report: report('f-r2') });
    await rows.flush();
    expect(await sessionsIn(['f-kept', 'f-destroyed', 'f-short'])).toEqual(['f-kept']);
    expect(await reportsIn(['f-r1', 'f-r2'])).toEqual(['f-r1', 'f-r2']);
  });

  it('at the bound refuses a new login’s rows, both or neither, and drops none it accepted', async () => {
    const rows = behind(t.db, 3);
    rows.add({ report: report('b-r1') });
    rows.add({ session: session('b-s2'), report: report('b-r2') });
    await renameTable('login_report', 'login_report_away');
    try {
      await expect(rows.flush()).rejects.toThrow();
      expect(() => rows.add({ session: session('b-s3'), report: report('b-r3') })).toThrow(
        expect.objectContaining({ code: ErrorCodes.STATE_FULL }),
      );
      expect(rows.pendingSession('b-s3')).toBeUndefined();
    } finally {
      await renameTable('login_report_away', 'login_report');
    }
    await rows.flush();
    expect(await reportsIn(['b-r1', 'b-r2', 'b-r3'])).toEqual(['b-r1', 'b-r2']);
    expect(await sessionsIn(['b-s2', 'b-s3'])).toEqual(['b-s2']);
    // Written: room again.
    rows.add({ session: session('b-s4'), report: report('b-r4') });
  });

  it('a row the store refuses is dropped and reported; the others of its interval are written', async () => {
    refused.length = 0;
    const rows = behind();
    rows.add({ session: session('p-s1') });
    rows.add({ report: report('p-good1') });
    // jsonb cannot hold NUL (SQLSTATE 22P05): this row would be refused on every try.
    rows.add({ report: report('p-poison', 'nul\u0000inside') });
    rows.add({ report: report('p-good2') });
    await rows.flush();
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: expect.stringMatching(/^22/) });
    expect(await sessionsIn(['p-s1'])).toEqual(['p-s1']);
    expect(await reportsIn(['p-good1', 'p-poison', 'p-good2'])).toEqual(['p-good1', 'p-good2']);
    expect(rows.pending()).toBe(0);
  });
}

describeEachStore('login reports and SSO sessions written behind', loginRowsSuite);
