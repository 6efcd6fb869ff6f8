import type { Db } from '../database.ts';

/**
 * Single-use identifiers shared by all nodes (SAML request and assertion ids, nonces, JWT `jti`):
 * `claim` inserts, and a second claim of the same key fails atomically (primary key).
 */
export interface ReplayCache {
  /** True the first time a key is claimed; false when it was already used. */
  claim(namespace: string, key: string, expiresAt: Date): Promise<boolean>;
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
  };
}
