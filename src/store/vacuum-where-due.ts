import { sql } from 'kysely';
import { runEvery } from '../core/run-every.ts';
import type { Db } from './database.ts';

/**
 * When a table is due, as PostgreSQL's autovacuum decides it (PostgreSQL documentation, 24.1.6 "The
 * Autovacuum Daemon", with its default settings): vacuum when the dead rows exceed `vacuumBase +
 * vacuumScale × live rows` or the rows inserted since the last vacuum exceed `insertBase + insertScale ×
 * live rows`; analyze when the rows changed since the last analyze exceed `analyzeBase + analyzeScale ×
 * live rows`; vacuum the whole database when its oldest unfrozen transaction id is older than
 * `freezeMaxAge` (24.1.5 "Preventing Transaction ID Wraparound Failures").
 */
export interface VacuumThresholds {
  vacuumBase: number;
  vacuumScale: number;
  insertBase: number;
  insertScale: number;
  analyzeBase: number;
  analyzeScale: number;
  freezeMaxAge: number;
}

/** PostgreSQL's defaults for autovacuum (`autovacuum_vacuum_threshold` and the others). */
export const AUTOVACUUM_DEFAULTS: VacuumThresholds = {
  vacuumBase: 50,
  vacuumScale: 0.2,
  insertBase: 1000,
  insertScale: 0.2,
  analyzeBase: 50,
  analyzeScale: 0.1,
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
  insertedSinceVacuum: number;
  changedSinceAnalyze: number;
}

export interface UpkeepDue {
  vacuum: boolean;
  analyze: boolean;
}

export interface UpkeepDone extends UpkeepDue {
  /** A table of Passi's schema, or `*` for the whole database (against transaction id wraparound). */
  table: string;
  deadRows: number;
  ms: number;
}

/** What a table needs now; each by its own threshold, as autovacuum decides them. */
export function upkeepDue(t: TableActivity, th: VacuumThresholds): UpkeepDue {
  return {
    vacuum:
      t.deadRows > th.vacuumBase + th.vacuumScale * t.liveRows ||
      t.insertedSinceVacuum > th.insertBase + th.insertScale * t.liveRows,
    analyze: t.changedSinceAnalyze > th.analyzeBase + th.analyzeScale * t.liveRows,
  };
}

/**
 * Vacuums and analyzes the tables of Passi's schema that are due, one table at a time, and the whole
 * database when its transaction ids need freezing. For the embedded store: PGlite runs PostgreSQL in
 * single-user mode, where autovacuum never runs (PostgreSQL documentation, "postgres", "Single-User
 * Mode"), so without this the rows a login deletes (expired sessions, single-use ids, OIDC rows, reports
 * past their retention) are never reclaimed and the store grows for ever (docs/operations.md "Upkeep of
 * the embedded store"). Each statement runs on the calling thread there, so tables are taken one by one.
 */
export async function vacuumWhereDue(
  db: Db,
  thresholds: VacuumThresholds = AUTOVACUUM_DEFAULTS,
): Promise<UpkeepDone[]> {
  const done: UpkeepDone[] = [];
  const timed = async (table: string, due: UpkeepDue, deadRows: number, run: () => Promise<unknown>) => {
    const start = performance.now();
    await run();
    done.push({ table, ...due, deadRows, ms: performance.now() - start });
  };
  const age = await sql<{ age: number }>`select age(datfrozenxid)::int8::float8 as age
      from pg_database where datname = current_database()`.execute(db);
  if ((age.rows[0]?.age ?? 0) > thresholds.freezeMaxAge) {
    // Every table, the catalogs too: only then does the database's oldest transaction id move on. Frozen
    // outright, as a rare whole pass should leave nothing to do the next time (PostgreSQL, "VACUUM", FREEZE).
    await timed('*', { vacuum: true, analyze: false }, 0, () => sql`vacuum (freeze)`.execute(db));
    return done;
  }
  const activity = await sql<TableActivity>`select relname as "table",
        n_live_tup::float8 as "liveRows", n_dead_tup::float8 as "deadRows",
        n_ins_since_vacuum::float8 as "insertedSinceVacuum", n_mod_since_analyze::float8 as "changedSinceAnalyze"
      from pg_stat_user_tables where schemaname = current_schema() order by relname`.execute(db);
  for (const table of activity.rows) {
    const due = upkeepDue(table, thresholds);
    const name = sql.table(table.table);
    if (due.vacuum)
      await timed(table.table, due, table.deadRows, () =>
        (due.analyze ? sql`vacuum (analyze) ${name}` : sql`vacuum ${name}`).execute(db),
      );
    else if (due.analyze)
      await timed(table.table, due, table.deadRows, () => sql`analyze ${name}`.execute(db));
  }
  return done;
}

/** How often the tables are looked at: autovacuum's own pace (`autovacuum_naptime`, one minute). */
export const VACUUM_CHECK_MS = 60_000;

/**
 * `vacuumWhereDue` every `intervalMs` until the returned function is called; a check still running when
 * the next is due lets that one pass. What each check did goes to `onChecked`, empty when nothing was due; a failure is reported once until a
 * check succeeds again.
 */
export function startVacuumWhereDue(
  db: Db,
  intervalMs: number,
  onChecked: (done: UpkeepDone[]) => void,
  onError: (e: unknown) => void,
): () => void {
  let running = false;
  return runEvery(
    intervalMs,
    async () => {
      if (running) return;
      running = true;
      try {
        onChecked(await vacuumWhereDue(db));
      } finally {
        running = false;
      }
    },
    onError,
  );
}
