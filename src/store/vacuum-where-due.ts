import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * When the embedded store vacuums, by PostgreSQL autovacuum's default thresholds (PostgreSQL
 * documentation, 24.1.6 "The Autovacuum Daemon"): a table when its dead rows exceed `vacuumBase +
 * vacuumScale × live rows`; the whole database when its oldest unfrozen transaction id is older than
 * `freezeMaxAge` (24.1.5 "Preventing Transaction ID Wraparound Failures"). Autovacuum's other two
 * triggers, many rows inserted and many rows changed since the last analyze, are left out: on the
 * embedded store each is a stop of every request with nothing to reclaim (docs/performance.md "WAL
 * segments and dead rows on the embedded store").
 */
export interface VacuumThresholds {
  vacuumBase: number;
  vacuumScale: number;
  freezeMaxAge: number;
}

/** PostgreSQL's defaults: `autovacuum_vacuum_threshold`, `autovacuum_vacuum_scale_factor`, `autovacuum_freeze_max_age`. */
export const AUTOVACUUM_DEFAULTS: VacuumThresholds = {
  vacuumBase: 50,
  vacuumScale: 0.2,
  freezeMaxAge: 200_000_000,
};

export interface TableActivity {
  table: string;
  /**
   * Live rows as the statistics count them (`n_live_tup`), where autovacuum takes the planner's estimate
   * (`pg_class.reltuples`). PGlite starts its statistics afresh at every start, so after a restart a table
   * counts no live rows: its first 51 deletes make it due, and that vacuum reclaims the rows that died
   * before the restart too, which no count remembers.
   */
  liveRows: number;
  deadRows: number;
}

export interface Vacuumed {
  /** A table of Passi's schema, or `*` for the whole database (against transaction id wraparound). */
  table: string;
  deadRows: number;
  ms: number;
}

export function vacuumDue(t: TableActivity, th: VacuumThresholds): boolean {
  return t.deadRows > th.vacuumBase + th.vacuumScale * t.liveRows;
}

/**
 * Vacuums the tables of Passi's schema that are due, one at a time, and freezes the whole database when
 * its transaction ids need it. For the embedded store: PGlite runs PostgreSQL in single-user mode, where
 * autovacuum never runs (PostgreSQL documentation, "postgres", "Single-User Mode"), so without this the
 * rows Passi deletes (expired sessions, single-use ids, OIDC rows, reports past their retention) are never
 * reclaimed and the store grows for ever (docs/operations.md "Upkeep of the embedded store"). Each
 * statement runs on the calling thread there, so tables are taken one by one. A vacuum also brings the
 * planner's row counts up to date (`pg_class.reltuples`).
 */
export async function vacuumWhereDue(
  db: Db,
  thresholds: VacuumThresholds = AUTOVACUUM_DEFAULTS,
): Promise<Vacuumed[]> {
  const done: Vacuumed[] = [];
  const timed = async (table: string, deadRows: number, run: () => Promise<unknown>) => {
    const start = performance.now();
    await run();
    done.push({ table, deadRows, ms: performance.now() - start });
  };
  const age = await sql<{ age: number }>`select age(datfrozenxid)::int8::float8 as age
      from pg_database where datname = current_database()`.execute(db);
  if ((age.rows[0]?.age ?? 0) > thresholds.freezeMaxAge) {
    // Every table, the catalogs too: only then does the database's oldest transaction id move on. Frozen
    // outright, as a rare whole pass should leave nothing to do the next time (PostgreSQL, "VACUUM", FREEZE).
    await timed('*', 0, () => sql`vacuum (freeze)`.execute(db));
    return done;
  }
  const activity = await sql<TableActivity>`select relname as "table",
        n_live_tup::float8 as "liveRows", n_dead_tup::float8 as "deadRows"
      from pg_stat_user_tables where schemaname = current_schema() order by relname`.execute(db);
  for (const table of activity.rows)
    if (vacuumDue(table, thresholds))
      await timed(table.table, table.deadRows, () => sql`vacuum ${sql.table(table.table)}`.execute(db));
  return done;
}
