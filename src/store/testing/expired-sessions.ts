import { sql } from 'kysely';
import { sweepExpired } from '../../ops/sweeper.ts';
import type { Db } from '../database.ts';

/**
 * The sweeper's deletes as the store's statistics see them. A session's counts reach them at most once a
 * second (PostgreSQL, 27.2.2 "Viewing Statistics"); the job looks once a minute, the tests at once.
 */
export async function sweep(db: Db): Promise<void> {
  await sweepExpired(db, new Date());
  await sql`select pg_stat_force_next_flush()`.execute(db);
}

/** A burst of SSO sessions that have all expired by the time the sweeper runs, as after a busy morning. */
export async function expiredSessions(db: Db, round: number): Promise<void> {
  await sql`insert into session (id, data, created_at, expires_at)
      select 'r${sql.raw(String(round))}-' || g, jsonb_build_object('subject', repeat('x', 400)),
             now() - interval '9 hours', now() - interval '1 hour'
      from generate_series(1, 4000) g`.execute(db);
}
