import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import { oneAtATime } from '../../core/one-at-a-time.ts';
import { runEvery } from '../../core/run-every.ts';
import type { Db } from '../database.ts';
import type { ReplayCache, ReplayClaim } from './replay-cache.ts';
import type { WritesBehind } from './writes-behind.ts';

/**
 * Single-use ids on the embedded store that are not bound to a flow (a service's AuthnRequest ID, an
 * Opinsys `jti`, a Wilma nonce), decided in this process's memory and written to the store's `replay`
 * table behind the login (docs/performance.md "Single-use ids on the embedded store").
 *
 * The embedded store has exactly one node (its data folder is locked to one process, data-dir-lock.ts), so
 * the memory holds every id claimed since the start and decides alone, in one JavaScript turn. The table
 * is for the next start: `loadReplayIds` puts its live ids back into memory before the node serves, so a
 * restart does not open a replay. The ids claimed in the last interval before the process dies are the ones
 * a crash can lose; a shutdown writes them (app.ts `close`).
 */
export function createWriteBehindReplayCache(memory: ReplayCache, db: Db): ReplayCache & WritesBehind {
  let pending: ReplayClaim[] = [];

  const flush = oneAtATime(async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    try {
      await db
        .insertInto('replay')
        .values(batch.map((c) => ({ namespace: c.namespace, key: c.key, expires_at: c.expiresAt })))
        // A row already there is the same id, written by an earlier start or a write retried after a failure.
        .onConflict((oc) => oc.columns(['namespace', 'key']).doNothing())
        .execute();
    } catch (e) {
      // Kept for the next try, except ids that have expired meanwhile: those need no row, and dropping
      // them keeps a long store outage from holding more ids than memory does.
      const now = Date.now();
      pending = batch.filter((c) => c.expiresAt.getTime() > now).concat(pending);
      throw e;
    }
  });

  return {
    async claim(namespace, key, expiresAt) {
      const fresh = await memory.claim(namespace, key, expiresAt);
      if (fresh) pending.push({ namespace, key, expiresAt });
      return fresh;
    },
    async claimAll(claims) {
      const result = await memory.claimAll(claims);
      if (result.claimed) pending.push(...claims);
      return result;
    },
    flush,
    start: (intervalMs, onError) => runEvery(intervalMs, flush, onError),
  };
}

/**
 * Puts the store's live single-use ids into memory (at start, before the node serves); returns how many.
 * Should they not all fit, those expiring last are held: memory then stays full, and refuses new logins,
 * until every id left out has expired too.
 */
export async function loadReplayIds(db: Db, memory: ReplayCache, now: Date): Promise<number> {
  const rows = await db
    .selectFrom('replay')
    .select(['namespace', 'key', 'expires_at'])
    .where('expires_at', '>', now)
    .orderBy('expires_at', 'desc')
    .execute();
  let loaded = 0;
  for (const row of rows) {
    try {
      await memory.claim(row.namespace, row.key, new Date(row.expires_at));
    } catch (e) {
      if (e instanceof PassiError && e.code === ErrorCodes.STATE_FULL) break;
      throw e;
    }
    loaded++;
  }
  return loaded;
}
