import { sql } from 'kysely';
import type { Db } from '../database.ts';

/**
 * Single-use identifiers shared by all nodes (SAML request and assertion ids, nonces, JWT `jti`):
 * `claim` inserts, and a second claim of the same key fails atomically (primary key).
 */
export interface ReplayCache {
  /** True the first time a key is claimed; false when it was already used. */
  claim(namespace: string, key: string, expiresAt: Date): Promise<boolean>;
  /**
   * Several keys claimed together in one statement (one store round trip on the login path): all of them
   * when none was used before, otherwise none — a refused answer leaves the cache as it was. `used` says,
   * when refused, which keys were already taken. The keys must be distinct.
   */
  claimAll(claims: readonly ReplayClaim[]): Promise<ReplayClaimResult>;
}

export interface ReplayClaimResult {
  claimed: boolean;
  /** Per claim, in order: already taken (meaningful when `claimed` is false). */
  used: boolean[];
}

export interface ReplayClaim {
  namespace: string;
  key: string;
  expiresAt: Date;
}

export function createReplayCache(db: Db): ReplayCache {
  return {
    async claim(namespace, key, expiresAt) {
      const result = await db
        .insertInto('replay')
        .values({ namespace, key, expires_at: expiresAt })
        .onConflict((oc) => oc.columns(['namespace', 'key']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async claimAll(claims) {
      if (claims.length === 0) return { claimed: true, used: [] };
      const ids = claims.map((c) => JSON.stringify([c.namespace, c.key]));
      // The same key twice in one statement would read as claimed twice: a caller's mistake, refused.
      if (new Set(ids).size !== ids.length) throw new Error('claimAll: the same key is claimed twice');
      const rows = sql.join(claims.map((c) => sql`(${c.namespace}, ${c.key}, ${c.expiresAt}::timestamptz)`));
      const keys = sql.join(claims.map((c) => sql`(${c.namespace}, ${c.key})`));
      // Nothing is inserted when any key is taken; the primary key still decides between two concurrent
      // claims of the same keys (ON CONFLICT DO NOTHING: only rows this statement inserted are returned).
      const won = await sql<{ namespace: string; key: string }>`
        insert into replay (namespace, key, expires_at)
        select v.namespace, v.key, v.expires_at from (values ${rows}) as v (namespace, key, expires_at)
        where not exists (select 1 from replay r where (r.namespace, r.key) in (${keys}))
        on conflict (namespace, key) do nothing
        returning namespace, key`.execute(db);
      if (won.rows.length === claims.length) return { claimed: true, used: claims.map(() => false) };
      const taken = await db
        .selectFrom('replay')
        .select(['namespace', 'key'])
        .where((eb) =>
          eb.or(claims.map((c) => eb.and([eb('namespace', '=', c.namespace), eb('key', '=', c.key)]))),
        )
        .execute();
      const takenIds = new Set(taken.map((r) => JSON.stringify([r.namespace, r.key])));
      return { claimed: false, used: ids.map((id) => takenIds.has(id)) };
    },
  };
}
