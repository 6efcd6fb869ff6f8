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

  it('claims several keys in one call when none was used, and none of them when one was', async () => {
    const replay = createReplayCache(t.db);
    const fresh = [
      { namespace: 'a', key: 'one', expiresAt: LATER },
      { namespace: 'b', key: 'one', expiresAt: LATER },
    ];
    expect(await replay.claimAll(fresh)).toEqual({ claimed: true, used: [false, false] });
    expect(await replay.claimAll(fresh)).toEqual({ claimed: false, used: [true, true] });
    expect(await replay.claim('a', 'one', LATER)).toBe(false);

    expect(await replay.claim('b', 'taken', LATER)).toBe(true);
    const mixed = [
      { namespace: 'a', key: 'two', expiresAt: LATER },
      { namespace: 'b', key: 'taken', expiresAt: LATER },
    ];
    expect(await replay.claimAll(mixed)).toEqual({ claimed: false, used: [false, true] });
    // The free key of a refused call was not written: it can still be claimed.
    expect(await replay.claim('a', 'two', LATER)).toBe(true);
    expect(await replay.claimAll([])).toEqual({ claimed: true, used: [] });
  });

  it('lets only one of two concurrent claims of the same keys win', async () => {
    const replay = createReplayCache(t.db);
    const claims = [
      { namespace: 'race', key: 'assertion', expiresAt: LATER },
      { namespace: 'race', key: 'request', expiresAt: LATER },
    ];
    const results = await Promise.all([replay.claimAll(claims), replay.claimAll(claims)]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
  });

  it('refuses the same key twice in one call', async () => {
    const replay = createReplayCache(t.db);
    const twice = { namespace: 'dup', key: 'k', expiresAt: LATER };
    await expect(replay.claimAll([twice, twice])).rejects.toThrow(/twice/);
    expect(await replay.claim('dup', 'k', LATER)).toBe(true);
  });
});
