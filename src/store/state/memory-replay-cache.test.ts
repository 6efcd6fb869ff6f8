import { describe, expect, it } from 'vitest';
import { isPassiError } from '../../core/errors.ts';
import { createMemoryReplayCache, routeReplayClaims } from './memory-replay-cache.ts';
import type { ReplayCache } from './replay-cache.ts';

function clockAt(start: number) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

const T0 = Date.UTC(2026, 11, 4, 8);
const at = (ms: number) => new Date(T0 + ms);

describe('the in-memory replay cache', () => {
  it('claims a key once per namespace', async () => {
    const replay = createMemoryReplayCache(clockAt(T0));
    expect(await replay.claim('ns', 'one', at(60_000))).toBe(true);
    expect(await replay.claim('ns', 'one', at(60_000))).toBe(false);
    expect(await replay.claim('other-ns', 'one', at(60_000))).toBe(true);
  });

  it('claims several keys together, and none of them when one was used', async () => {
    const replay = createMemoryReplayCache(clockAt(T0));
    const fresh = [
      { namespace: 'a', key: 'one', expiresAt: at(60_000) },
      { namespace: 'b', key: 'one', expiresAt: at(60_000) },
    ];
    expect(await replay.claimAll(fresh)).toEqual({ claimed: true, used: [false, false] });
    expect(await replay.claimAll(fresh)).toEqual({ claimed: false, used: [true, true] });
    expect(await replay.claim('b', 'taken', at(60_000))).toBe(true);
    const mixed = [
      { namespace: 'a', key: 'two', expiresAt: at(60_000) },
      { namespace: 'b', key: 'taken', expiresAt: at(60_000) },
    ];
    expect(await replay.claimAll(mixed)).toEqual({ claimed: false, used: [false, true] });
    // The free key of the refused call was not written.
    expect(await replay.claim('a', 'two', at(60_000))).toBe(true);
    await expect(
      replay.claimAll([
        { namespace: 'd', key: 'k', expiresAt: at(1) },
        { namespace: 'd', key: 'k', expiresAt: at(1) },
      ]),
    ).rejects.toThrow(/twice/);
  });

  it('lets only one of two concurrent claims of the same keys win', async () => {
    const replay = createMemoryReplayCache(clockAt(T0));
    const claims = [
      { namespace: 'race', key: 'assertion', expiresAt: at(60_000) },
      { namespace: 'race', key: 'request', expiresAt: at(60_000) },
    ];
    const results = await Promise.all([replay.claimAll(claims), replay.claimAll(claims)]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
  });

  it('keeps a key used until its expiry, and frees it after', async () => {
    const clock = clockAt(T0);
    const replay = createMemoryReplayCache(clock);
    expect(await replay.claim('ns', 'k', at(60_000))).toBe(true);
    clock.advance(59_999);
    expect(await replay.claim('ns', 'k', at(120_000))).toBe(false);
    clock.advance(1);
    expect(await replay.claim('ns', 'k', at(120_000))).toBe(true);
  });

  it('refuses new keys with PASSI_STATE_FULL at its bound, keeping the keys it holds, all or none', async () => {
    const clock = clockAt(T0);
    const replay = createMemoryReplayCache(clock, 3);
    expect(await replay.claim('ns', 'a', at(60_000))).toBe(true);
    expect(await replay.claim('ns', 'b', at(60_000))).toBe(true);
    const full = replay.claimAll([
      { namespace: 'ns', key: 'c', expiresAt: at(60_000) },
      { namespace: 'ns', key: 'd', expiresAt: at(60_000) },
    ]);
    await expect(full).rejects.toSatisfy((e) => isPassiError(e) && e.code === 'PASSI_STATE_FULL');
    // Nothing of the refused call stays, and what was held still counts as used.
    expect(await replay.claim('ns', 'c', at(60_000))).toBe(true);
    expect(await replay.claim('ns', 'a', at(60_000))).toBe(false);
    // Expired keys make room again.
    clock.advance(60_000);
    expect(await replay.claim('ns', 'e', at(120_000))).toBe(true);
  });
});

describe('routing replay claims between memory and the store', () => {
  function recording(name: string, log: string[]): ReplayCache {
    return {
      async claim(namespace, key) {
        log.push(`${name}:${namespace}:${key}`);
        return true;
      },
      async claimAll(claims) {
        log.push(`${name}:${claims.map((c) => c.namespace).join('+')}`);
        return { claimed: true, used: claims.map(() => false) };
      },
    };
  }

  it('sends flow-bound namespaces to memory and all others to the store', async () => {
    const log: string[] = [];
    const replay = routeReplayClaims(recording('memory', log), recording('store', log), new Set(['bound']));
    await replay.claim('bound', 'k', at(1));
    await replay.claim('opinsys-jti', 'k', at(1));
    await replay.claimAll([
      { namespace: 'bound', key: 'a', expiresAt: at(1) },
      { namespace: 'bound', key: 'b', expiresAt: at(1) },
    ]);
    await replay.claimAll([{ namespace: 'wilma-nonce', key: 'n', expiresAt: at(1) }]);
    expect(log).toEqual(['memory:bound:k', 'store:opinsys-jti:k', 'memory:bound+bound', 'store:wilma-nonce']);
  });

  it('refuses one call mixing a flow-bound namespace with another', () => {
    const replay = routeReplayClaims(recording('m', []), recording('s', []), new Set(['bound']));
    expect(() =>
      replay.claimAll([
        { namespace: 'bound', key: 'a', expiresAt: at(1) },
        { namespace: 'other', key: 'b', expiresAt: at(1) },
      ]),
    ).toThrow(/flow-bound and other/);
  });
});
