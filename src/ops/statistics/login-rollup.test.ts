import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import { createLoginDailyRepository, type LoginDailyKey } from './login-daily-repository.ts';
import { rollUpClosedMonths } from './login-rollup.ts';
import { loginStatistics } from './login-statistics-query.ts';

function rollupSuite(kind: TestStoreKind) {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.close());

  it('rolls up closed months once, and the statistics are the same read from roll-ups or daily rows', async () => {
    const repo = createLoginDailyRepository(t.db);
    const key = (day: string, over: Partial<LoginDailyKey> = {}): LoginDailyKey => ({
      day,
      serviceId: 's1',
      integrationId: 'i1',
      school: '00001',
      role: 'pupil',
      outcome: 'completed',
      ...over,
    });
    const writes = [
      key('2026-09-02', { outcome: 'failed:cancelled' }),
      key('2026-09-02', { school: '00002' }),
      key('2026-09-30'),
      key('2026-10-01'),
      key('2026-10-01', { role: 'teacher', outcome: 'failed:school' }),
      key('2026-10-15', { serviceId: 's2', school: '00002' }),
      key('2026-10-31', { integrationId: 'i2', outcome: 'completed:problems' }),
      key('2026-11-01'),
      key('2026-11-02', { serviceId: 's2' }),
    ];
    for (const w of writes) await repo.count(w);
    // September and October wholly inside the range: two months read from their roll-ups, summed.
    const range = { from: '2026-09-01', to: '2026-11-02', scope: { kind: 'all' } as const };
    const fromDaily = await loginStatistics(t.db, range);

    // 1 November: October is not closed yet (two days' grace). 3 November: September and October are.
    expect(await rollUpClosedMonths(t.db, new Date('2026-11-01T12:00:00Z'))).not.toContain('2026-10-01');
    const rolled = await rollUpClosedMonths(t.db, new Date('2026-11-03T12:00:00Z'));
    expect(rolled).toContain('2026-10-01');
    expect(await rollUpClosedMonths(t.db, new Date('2026-11-03T13:00:00Z'))).toEqual([]);

    // The roll-ups replace September's and October's daily rows in the answer: delete those rows to prove it.
    await t.db
      .deleteFrom('login_daily')
      .where('day', '>=', '2026-09-01')
      .where('day', '<=', '2026-10-31')
      .execute();
    const mixed = await loginStatistics(t.db, range);
    expect(mixed).toEqual(fromDaily);
    expect(mixed.total).toBe(9);
    expect(mixed.byService).toEqual([
      { key: 's1', count: 7 },
      { key: 's2', count: 2 },
    ]);
    expect(mixed.bySchool).toEqual([
      { key: '00001', count: 7 },
      { key: '00002', count: 2 },
    ]);
    expect(mixed.byOutcome).toContainEqual({ key: 'failed:cancelled', count: 1 });
    expect(mixed.perDay.find((d) => d.day === '2026-10-01')?.byOutcome).toEqual({
      completed: 1,
      'failed:school': 1,
    });
    // An organisation's own numbers never read the federation's roll-ups.
    const own = await loginStatistics(t.db, {
      ...range,
      scope: { kind: 'integrations', integrationIds: ['i1'] },
    });
    expect(own.total).toBe(2);
  });
}

describeEachStore('login statistics roll-ups', rollupSuite);
