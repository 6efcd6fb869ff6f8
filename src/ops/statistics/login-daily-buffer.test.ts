import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingDb } from '../../store/testing/counting-db.ts';
import {
  createTestDb,
  isPostgresAvailable,
  POSTGRES_SKIP_REASON,
  type TestDb,
  type TestStoreKind,
} from '../../store/testing/test-db.ts';
import { createLoginDailyBuffer } from './login-daily-buffer.ts';
import {
  createLoginDailyRepository,
  type LoginDailyKey,
  type LoginDailyRow,
} from './login-daily-repository.ts';

const postgres = await isPostgresAvailable();
if (!postgres) console.warn(POSTGRES_SKIP_REASON);

const key = (day: string, outcome: LoginDailyKey['outcome'] = 'completed'): LoginDailyKey => ({
  day,
  serviceId: 'svc',
  integrationId: 'i1',
  school: '00001',
  role: 'pupil',
  outcome,
});

function bufferSuite(kind: TestStoreKind) {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.close());

  it('writes the logins of an interval in one statement, adding to the counts already stored', async () => {
    const { db, counter } = countingDb(t.db);
    const repo = createLoginDailyRepository(db);
    await repo.count(key('2026-01-01'));
    const buffer = createLoginDailyBuffer(repo);
    counter.statements = 0;
    for (let i = 0; i < 120; i++) buffer.add(key('2026-01-01'));
    for (let i = 0; i < 7; i++) buffer.add(key('2026-01-01', 'failed:cancelled'));
    buffer.add(key('2026-01-02'));
    expect(counter.statements).toBe(0);
    expect(buffer.pendingRows()).toBe(3);
    await buffer.flush();
    expect(counter.statements).toBe(1);
    expect(buffer.pendingRows()).toBe(0);
    const stored = await createLoginDailyRepository(t.db).days('2026-01-01', '2026-01-02');
    expect(stored.map((r) => [r.day, r.outcome, r.count])).toEqual([
      ['2026-01-01', 'completed', 121],
      ['2026-01-01', 'failed:cancelled', 7],
      ['2026-01-02', 'completed', 1],
    ]);
    // Nothing waiting: no statement.
    await buffer.flush();
    expect(counter.statements).toBe(1);
  });

  it('two nodes flushing the same rows at once lose no count', async () => {
    const repo = createLoginDailyRepository(t.db);
    const nodes = [createLoginDailyBuffer(repo), createLoginDailyBuffer(repo), createLoginDailyBuffer(repo)];
    for (const [n, node] of nodes.entries()) {
      // Each node holds the rows in another order; the write sorts them, so the nodes never deadlock.
      const days = ['2026-02-01', '2026-02-02', '2026-02-03'];
      for (let i = 0; i < 10; i++) for (const day of n % 2 ? days : [...days].reverse()) node.add(key(day));
    }
    await Promise.all(nodes.map((node) => node.flush()));
    expect((await repo.days('2026-02-01', '2026-02-03')).map((r) => r.count)).toEqual([30, 30, 30]);
  });

  it('a failed write keeps its counts for the next flush, added to those counted since', async () => {
    const repo = createLoginDailyRepository(t.db);
    let failNext = true;
    const writer = {
      countMany: async (rows: readonly LoginDailyRow[]) => {
        if (failNext) {
          failNext = false;
          throw new Error('store unreachable');
        }
        await repo.countMany(rows);
      },
    };
    const buffer = createLoginDailyBuffer(writer);
    buffer.add(key('2026-03-01'));
    buffer.add(key('2026-03-01'));
    await expect(buffer.flush()).rejects.toThrow('store unreachable');
    expect(buffer.pendingRows()).toBe(1);
    buffer.add(key('2026-03-01'));
    await buffer.flush();
    expect((await repo.days('2026-03-01', '2026-03-01')).map((r) => r.count)).toEqual([3]);
  });

  it('a flush returns once everything added before it is written, after the write already under way', async () => {
    const repo = createLoginDailyRepository(t.db);
    const writes: number[][] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const buffer = createLoginDailyBuffer({
      countMany: async (rows) => {
        writes.push(rows.map((r) => r.count));
        if (writes.length === 1) await gate;
        await repo.countMany(rows);
      },
    });
    buffer.add(key('2026-04-01'));
    const first = buffer.flush();
    await expect.poll(() => writes.length).toBe(1);
    buffer.add(key('2026-04-01'));
    buffer.add(key('2026-04-01'));
    const second = buffer.flush();
    await new Promise((r) => setTimeout(r, 20));
    // The second write has not started while the first is under way.
    expect(writes).toEqual([[1]]);
    release();
    await second;
    await first;
    expect(writes).toEqual([[1], [2]]);
    expect((await repo.days('2026-04-01', '2026-04-01')).map((r) => r.count)).toEqual([3]);
  });
}

describe('daily counts gathered in memory, on PGlite', () => bufferSuite('embedded'));
describe.skipIf(!postgres)('daily counts gathered in memory, on PostgreSQL', () => bufferSuite('postgresql'));

describe('the bound and the interval', () => {
  it('at the bound a new row is not held and is reported; the rows held go on counting', async () => {
    const written: LoginDailyRow[] = [];
    const buffer = createLoginDailyBuffer({ countMany: async (rows) => void written.push(...rows) }, 2);
    buffer.add(key('2026-05-01'));
    buffer.add(key('2026-05-02'));
    buffer.add(key('2026-05-03'));
    buffer.add(key('2026-05-03'));
    buffer.add(key('2026-05-01'));
    expect(buffer.pendingRows()).toBe(2);
    const dropped: number[] = [];
    const stop = buffer.start(10, { failed: () => {}, dropped: (n) => dropped.push(n) });
    await expect.poll(() => written.length).toBe(2);
    stop();
    expect(dropped).toEqual([2]);
    expect(written.map((r) => [r.day, r.count])).toEqual([
      ['2026-05-01', 2],
      ['2026-05-02', 1],
    ]);
  });

  it('flushes on its interval, reports a failing store once, and stops when told', async () => {
    let fail = true;
    let writes = 0;
    const failures: unknown[] = [];
    const buffer = createLoginDailyBuffer({
      countMany: async () => {
        writes++;
        if (fail) throw new Error('down');
      },
    });
    buffer.add(key('2026-06-01'));
    const stop = buffer.start(5, { failed: (e) => failures.push(e), dropped: () => {} });
    await expect.poll(() => writes).toBeGreaterThanOrEqual(3);
    expect(failures).toHaveLength(1);
    fail = false;
    await expect.poll(() => buffer.pendingRows()).toBe(0);
    stop();
    const after = writes;
    buffer.add(key('2026-06-01'));
    await new Promise((r) => setTimeout(r, 30));
    expect(writes).toBe(after);
    expect(buffer.pendingRows()).toBe(1);
  });
});
