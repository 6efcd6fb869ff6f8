import { sql } from 'kysely';
import type { Store } from './open-store.ts';
import { waitForAdvisoryLock } from './wait-for-advisory-lock.ts';

/** PostgreSQL advisory lock id of the one-time seeding at start (key generation has its own). */
const STARTUP_LOCK = 7_311_002;

/**
 * Runs `work` while this node holds a PostgreSQL session advisory lock, so nodes starting at once on an
 * empty database take turns at check-then-write steps such as importing the demo registry: the first
 * writes, the others find the rows and write nothing. The lock lives on one pooled connection while
 * `work` uses the others; PostgreSQL drops it if that connection is lost. The embedded store needs no
 * lock: one process owns its folder (data-dir-lock.ts).
 */
export async function withStartupLock<T>(store: Store, work: () => Promise<T>): Promise<T> {
  if (store.kind === 'embedded') return work();
  return store.db.connection().execute(async (connection) => {
    await waitForAdvisoryLock(connection, STARTUP_LOCK, 'session', 'start-up seeding');
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${STARTUP_LOCK})`.execute(connection);
    }
  });
}
