import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/describe-each-store.ts';
import { countRows } from '../store/testing/count-rows.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../store/testing/test-db.ts';
import { sweepExpired } from './sweeper.ts';

function sweeperSuite(kind: TestStoreKind) {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.close());

  it('deletes expired short-lived state and keeps live rows', async () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const past = new Date(now.getTime() - 1000);
    const future = new Date(now.getTime() + 60_000);
    await t.db
      .insertInto('flow')
      .values([
        { id: 'old', data: {}, expires_at: past, consumed_at: null },
        { id: 'live', data: {}, expires_at: future, consumed_at: null },
      ])
      .execute();
    await t.db
      .insertInto('replay')
      .values([
        { namespace: 'n', key: 'old', expires_at: past },
        { namespace: 'n', key: 'live', expires_at: future },
      ])
      .execute();
    await t.db
      .insertInto('session')
      .values([{ id: 'old', data: {}, expires_at: past }])
      .execute();
    expect(await sweepExpired(t.db, now)).toBe(3);
    expect(await countRows(t.db, 'flow')).toBe(1);
    expect(await countRows(t.db, 'replay')).toBe(1);
    expect(await countRows(t.db, 'session')).toBe(0);
  });

  it('deletes raw login reports older than the retention and keeps younger ones', async () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const report = (id: string, at: Date) => ({
      id,
      at,
      service_id: 's',
      integration_id: 'i',
      correlation_id: null,
      blocked: false,
      problems: '[]',
      detail: null,
      detail_expires_at: null,
    });
    await t.db
      .insertInto('login_report')
      .values([report('r-31', daysAgo(31)), report('r-29', daysAgo(29)), report('r-8', daysAgo(8))])
      .execute();
    await sweepExpired(t.db, now);
    expect(
      (await t.db.selectFrom('login_report').select('id').orderBy('id').execute()).map((r) => r.id),
    ).toEqual(['r-29', 'r-8']);
    await sweepExpired(t.db, now, { loginReportRetentionDays: 7 });
    expect(await countRows(t.db, 'login_report')).toBe(0);
  });
}

describeEachStore('sweepExpired', sweeperSuite);
