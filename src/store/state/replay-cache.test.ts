import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { createReplayCache } from './replay-cache.ts';

const LATER = new Date(Date.now() + 3_600_000);

describeEachStore('ReplayCache', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('claims a key once', async () => {
    const replay = createReplayCache(t.db);
    expect(await replay.claim('ns', 'one', LATER)).toBe(true);
    expect(await replay.claim('ns', 'one', LATER)).toBe(false);
    expect(await replay.claim('other-ns', 'one', LATER)).toBe(true);
  });

  it('claims several keys in one call, each once, and says which this call won', async () => {
    const replay = createReplayCache(t.db);
    expect(await replay.claim('b', 'taken', LATER)).toBe(true);
    const claims = [
      { namespace: 'a', key: 'fresh', expiresAt: LATER },
      { namespace: 'b', key: 'taken', expiresAt: LATER },
      { namespace: 'c', key: 'fresh', expiresAt: LATER },
    ];
    expect(await replay.claimAll(claims)).toEqual([true, false, true]);
    // Every key is now used, whichever way it is claimed again.
    expect(await replay.claimAll(claims)).toEqual([false, false, false]);
    expect(await replay.claim('a', 'fresh', LATER)).toBe(false);
    expect(await replay.claimAll([])).toEqual([]);
  });

  it('lets only one of two concurrent claims of the same key win', async () => {
    const replay = createReplayCache(t.db);
    const claims = [
      { namespace: 'race', key: 'assertion', expiresAt: LATER },
      { namespace: 'race', key: 'request', expiresAt: LATER },
    ];
    const results = await Promise.all([replay.claimAll(claims), replay.claimAll(claims)]);
    expect(results.map((r) => r[0]).filter(Boolean)).toHaveLength(1);
    expect(results.map((r) => r[1]).filter(Boolean)).toHaveLength(1);
  });

  it('refuses the same key twice in one call', async () => {
    const replay = createReplayCache(t.db);
    const twice = { namespace: 'dup', key: 'k', expiresAt: LATER };
    await expect(replay.claimAll([twice, twice])).rejects.toThrow(/twice/);
    expect(await replay.claim('dup', 'k', LATER)).toBe(true);
  });
});
