import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';
import type { Db } from '../store/database.ts';

/**
 * node-saml's request-id cache on the shared store, so the test service's InResponseTo check works on
 * every node (docs/architecture.md "State and scale": nothing a login needs lives only in one node's memory). A failing store
 * is a typed 503 (node-saml passes it on as it is), so no database text reaches the page.
 */
export function createStoreCacheProvider(db: Db, namespace: string, ttlMs: number): CacheProvider {
  const provider = storeCacheProvider(db, namespace, ttlMs);
  return {
    saveAsync: (key, value) => storeFailure(provider.saveAsync(key, value)),
    getAsync: (key) => storeFailure(provider.getAsync(key)),
    removeAsync: (key) => storeFailure(provider.removeAsync(key)),
  };
}

async function storeFailure<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (cause) {
    fail(ErrorCodes.STORE_UNREACHABLE, 'the test service request ids cannot be read', {
      cause,
    });
  }
}

function storeCacheProvider(db: Db, namespace: string, ttlMs: number): CacheProvider {
  return {
    // node-saml stores the request's creation instant and compares it with requestIdExpirationPeriodMs;
    // the replay table keeps the expiry, from which the creation instant follows.
    async saveAsync(key: string, value: string): Promise<CacheItem | null> {
      const createdAt = new Date(value).getTime() || Date.now();
      await db
        .insertInto('replay')
        .values({ namespace, key, expires_at: new Date(createdAt + ttlMs) })
        .onConflict((oc) => oc.columns(['namespace', 'key']).doNothing())
        .execute();
      return { value, createdAt };
    },
    async getAsync(key: string): Promise<string | null> {
      const row = await db
        .selectFrom('replay')
        .select('expires_at')
        .where('namespace', '=', namespace)
        .where('key', '=', key)
        .where('expires_at', '>', new Date())
        .executeTakeFirst();
      return row ? new Date(new Date(row.expires_at).getTime() - ttlMs).toISOString() : null;
    },
    async removeAsync(key: string | null): Promise<string | null> {
      if (key === null) return null;
      const result = await db
        .deleteFrom('replay')
        .where('namespace', '=', namespace)
        .where('key', '=', key)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0 ? key : null;
    },
  };
}
