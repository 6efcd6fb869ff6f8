import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countingDb } from '../testing/counting-db.ts';
import {
  createTestDb,
  isPostgresAvailable,
  POSTGRES_SKIP_REASON,
  type TestDb,
  type TestStoreKind,
} from '../testing/test-db.ts';
import { createMemoryReplayCache } from './memory-replay-cache.ts';
import { createWriteBehindReplayCache, loadReplayIds } from './write-behind-replay-cache.ts';

const postgres = await isPostgresAvailable();
if (!postgres) console.warn(POSTGRES_SKIP_REASON);

const clock = { now: () => new Date() };
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000);

function suite(kind: TestStoreKind) {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    await sql`DELETE FROM replay`.execute(t.db);
  });
  const rows = async () =>
    (
      await sql<{
        namespace: string;
        key: string;
      }>`SELECT namespace, key FROM replay ORDER BY namespace, key`.execute(t.db)
    ).rows;

  it('decides at once in memory and writes the ids of an interval in one statement', async () => {
    const { db, counter } = countingDb(t.db);
    const replay = createWriteBehindReplayCache(createMemoryReplayCache(clock), db);
    expect(await replay.claim('saml-authnrequest', 'sp r1', inMinutes(8))).toBe(true);
    expect(await replay.claim('saml-authnrequest', 'sp r1', inMinutes(8))).toBe(false);
    expect(await replay.claim('saml-authnrequest', 'sp r2', inMinutes(8))).toBe(true);
    expect(
      await replay.claimAll([
        { namespace: 'wilma-nonce', key: 'n1', expiresAt: inMinutes(8) },
        { namespace: 'wilma-nonce', key: 'n2', expiresAt: inMinutes(8) },
      ]),
    ).toEqual({ claimed: true, used: [false, false] });
    // A refused claimAll writes nothing.
    expect(
      (
        await replay.claimAll([
          { namespace: 'wilma-nonce', key: 'n3', expiresAt: inMinutes(8) },
          { namespace: 'wilma-nonce', key: 'n1', expiresAt: inMinutes(8) },
        ])
      ).claimed,
    ).toBe(false);
    expect(counter.statements).toBe(0);
    await replay.flush();
    expect(counter.statements).toBe(1);
    expect(await rows()).toEqual([
      { namespace: 'saml-authnrequest', key: 'sp r1' },
      { namespace: 'saml-authnrequest', key: 'sp r2' },
      { namespace: 'wilma-nonce', key: 'n1' },
      { namespace: 'wilma-nonce', key: 'n2' },
    ]);
    await replay.flush();
    expect(counter.statements).toBe(1);
  });

  it('after a restart the written ids are refused again; expired rows are not loaded', async () => {
    const before = createWriteBehindReplayCache(createMemoryReplayCache(clock), t.db);
    expect(await before.claim('saml-authnrequest', 'sp used', inMinutes(8))).toBe(true);
    await before.flush();
    await sql`INSERT INTO replay (namespace, key, expires_at) VALUES ('saml-authnrequest', 'sp expired', ${new Date(Date.now() - 1000)})`.execute(
      t.db,
    );
    const memory = createMemoryReplayCache(clock);
    expect(await loadReplayIds(t.db, memory, clock.now())).toBe(1);
    const after = createWriteBehindReplayCache(memory, t.db);
    expect(await after.claim('saml-authnrequest', 'sp used', inMinutes(8))).toBe(false);
    expect(await after.claim('saml-authnrequest', 'sp expired', inMinutes(8))).toBe(true);
  });

  it('when not all live ids fit in memory, those expiring last are held', async () => {
    for (const [key, minutes] of [
      ['a', 3],
      ['b', 9],
      ['c', 6],
    ] as const) {
      await sql`INSERT INTO replay (namespace, key, expires_at) VALUES ('ns', ${key}, ${inMinutes(minutes)})`.execute(
        t.db,
      );
    }
    const memory = createMemoryReplayCache(clock, 2);
    expect(await loadReplayIds(t.db, memory, clock.now())).toBe(2);
    expect(memory.size()).toBe(2);
    // b and c are held; a, left out, expires before either leaves memory, and memory refuses new ids till then.
    await expect(memory.claim('ns', 'a', inMinutes(3))).rejects.toMatchObject({ code: 'PASSI_STATE_FULL' });
  });

  it('a failed write keeps its ids for the next one, except those expired meanwhile', async () => {
    const replay = createWriteBehindReplayCache(createMemoryReplayCache(clock), t.db);
    expect(await replay.claim('saml-authnrequest', 'sp kept', inMinutes(8))).toBe(true);
    expect(await replay.claim('saml-authnrequest', 'sp soon gone', new Date(Date.now() + 30))).toBe(true);
    await sql`ALTER TABLE replay RENAME TO replay_away`.execute(t.db);
    try {
      await new Promise((r) => setTimeout(r, 40));
      await expect(replay.flush()).rejects.toThrow();
    } finally {
      await sql`ALTER TABLE replay_away RENAME TO replay`.execute(t.db);
    }
    expect(await replay.claim('saml-authnrequest', 'sp later', inMinutes(8))).toBe(true);
    await replay.flush();
    expect((await rows()).map((r) => r.key)).toEqual(['sp kept', 'sp later']);
  });

  it('writes on its interval and stops when told', async () => {
    const replay = createWriteBehindReplayCache(createMemoryReplayCache(clock), t.db);
    const errors: unknown[] = [];
    const stop = replay.start(5, (e) => errors.push(e));
    try {
      expect(await replay.claim('saml-authnrequest', 'sp timed', inMinutes(8))).toBe(true);
      await expect.poll(async () => (await rows()).length).toBe(1);
    } finally {
      stop();
    }
    expect(await replay.claim('saml-authnrequest', 'sp after stop', inMinutes(8))).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(await rows()).toHaveLength(1);
    expect(errors).toEqual([]);
  });
}

describe('single-use ids written behind, on PGlite', () => suite('embedded'));
describe.skipIf(!postgres)('single-use ids written behind, on PostgreSQL', () => suite('postgresql'));
