import { sql } from 'kysely';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';
import type { Db } from './database.ts';

/**
 * Waits for a PostgreSQL advisory lock by trying it (`pg_try_advisory_*`) every 100 ms instead of blocking
 * in `pg_advisory_*`: a blocking wait is one long statement, which the statement timeout
 * (`PASSI_DATABASE_STATEMENT_TIMEOUT_MS`) would cancel while another node starting at the same moment holds
 * the lock (docs/operations.md "When the database is unavailable"). `scope: 'xact'` takes a transaction
 * lock on `db` (which must then be a transaction), `'session'` a session lock on that connection.
 */
export async function waitForAdvisoryLock(
  db: Db,
  lockId: number,
  scope: 'xact' | 'session',
  what: string,
  maxWaitMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const { rows } =
      scope === 'xact'
        ? await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${lockId}) as locked`.execute(db)
        : await sql<{ locked: boolean }>`select pg_try_advisory_lock(${lockId}) as locked`.execute(db);
    if (rows[0]?.locked) return;
    if (Date.now() > deadline) {
      fail(
        ErrorCodes.STORE_UNREACHABLE,
        `${what}: another node held the lock for more than ${Math.round(maxWaitMs / 1000)} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
