import type { Db } from '../database.ts';

/**
 * Single-use identifiers shared by all nodes (SAML request and assertion ids, nonces, JWT `jti`):
 * `claim` inserts, and a second claim of the same key fails atomically (primary key).
 */
export interface ReplayCache {
  /** True the first time a key is claimed; false when it was already used. */
  claim(namespace: string, key: string, expiresAt: Date): Promise<boolean>;
  /**
   * Several keys claimed in one statement (one store round trip on the login path), each with the same
   * atomic first-claim rule as `claim`: for each, in order, true when this call claimed it. The keys
   * must be distinct.
   */
  claimAll(claims: readonly ReplayClaim[]): Promise<boolean[]>;
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
      if (claims.length === 0) return [];
      const ids = claims.map((c) => JSON.stringify([c.namespace, c.key]));
      // The same key twice in one statement would read as claimed twice: a caller's mistake, refused.
      if (new Set(ids).size !== ids.length) throw new Error('claimAll: the same key is claimed twice');
      // ON CONFLICT DO NOTHING returns only the rows this statement inserted: those are the claims won.
      const won = await db
        .insertInto('replay')
        .values(claims.map((c) => ({ namespace: c.namespace, key: c.key, expires_at: c.expiresAt })))
        .onConflict((oc) => oc.columns(['namespace', 'key']).doNothing())
        .returning(['namespace', 'key'])
        .execute();
      const inserted = new Set(won.map((r) => JSON.stringify([r.namespace, r.key])));
      return ids.map((id) => inserted.has(id));
    },
  };
}
