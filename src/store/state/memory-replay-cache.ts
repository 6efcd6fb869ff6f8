import type { Clock } from '../../core/clock.ts';
import { createExpiringEntries } from './expiring-entries.ts';
import type { ReplayCache, ReplayClaim } from './replay-cache.ts';

/** Several times the flow bound: a login claims two keys, and a key lives at most as long as its assertion. */
export const MEMORY_REPLAY_LIMIT = 200_000;

/**
 * The single-use identifiers that are bound to a flow, kept in this process's memory on the embedded store
 * (docs/performance.md "Short-lived state in memory"): the school's assertion id and Passi's request id
 * (SAML Core §3.2.2 InResponseTo). Losing them in a restart opens no replay: the flows are lost with them,
 * and an answer is accepted only against a live flow whose request id it names. Identifiers not bound to
 * a flow must survive a restart: another instance holds them, written to the store behind the login
 * (write-behind-replay-cache.ts; `routeReplayClaims` chooses).
 */
export function createMemoryReplayCache(
  clock: Clock,
  maxKeys = MEMORY_REPLAY_LIMIT,
): ReplayCache & { size(): number } {
  const keys = createExpiringEntries<true>({ maxEntries: maxKeys, now: () => clock.now().getTime() });
  const id = (c: Pick<ReplayClaim, 'namespace' | 'key'>) => `${c.namespace}\u0000${c.key}`;
  const used = (c: ReplayClaim) => keys.get(id(c)) !== undefined;
  return {
    async claim(namespace, key, expiresAt) {
      return keys.add(id({ namespace, key }), true, expiresAt.getTime());
    },
    async claimAll(claims) {
      const ids = claims.map(id);
      if (new Set(ids).size !== ids.length) throw new Error('claimAll: the same key is claimed twice');
      // Check, then add, with no await between: one JavaScript turn, so no other claim interleaves.
      const taken = claims.map(used);
      if (taken.some(Boolean)) return { claimed: false, used: taken };
      const added: string[] = [];
      try {
        for (const c of claims) {
          keys.add(id(c), true, c.expiresAt.getTime());
          added.push(id(c));
        }
      } catch (e) {
        // At the bound (PASSI_STATE_FULL): all or none, as in the store.
        for (const key of added) keys.take(key);
        throw e;
      }
      return { claimed: true, used: taken };
    },
    size: () => keys.size(),
  };
}

/**
 * Claims in the namespaces bound to a flow go to `memory`, all others to `store`. A call of `claimAll` must
 * stay in one of the two (its keys are claimed together); mixing them is a caller's mistake.
 */
export function routeReplayClaims(
  memory: ReplayCache,
  store: ReplayCache,
  flowBound: ReadonlySet<string>,
): ReplayCache {
  return {
    claim(namespace, key, expiresAt) {
      return (flowBound.has(namespace) ? memory : store).claim(namespace, key, expiresAt);
    },
    claimAll(claims) {
      const inMemory = claims.filter((c) => flowBound.has(c.namespace)).length;
      if (inMemory > 0 && inMemory < claims.length) {
        throw new Error('claimAll: flow-bound and other namespaces in one call');
      }
      return (inMemory > 0 ? memory : store).claimAll(claims);
    },
  };
}
