import type { Insertable } from 'kysely';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { oneAtATime } from '../../core/one-at-a-time.ts';
import { runEvery } from '../../core/run-every.ts';
import type { Database, Db } from '../database.ts';
import type { WritesBehind } from './writes-behind.ts';

/** A `session` row as session-store.ts makes it. */
export interface SessionRow {
  id: string;
  data: Record<string, unknown>;
  created_at: Date;
  expires_at: Date;
}
export type LoginReportRow = Insertable<Database['login_report']>;

/**
 * Rows waiting at most. Reached only when the store cannot be written for minutes (at 100 logins a second,
 * over four); a new login's rows are then refused with PASSI_STATE_FULL (503), as the other bounds on the
 * embedded store's memory do, so nothing already accepted is dropped.
 */
export const PENDING_LOGIN_ROWS_LIMIT = 50_000;

/**
 * SQLSTATE classes 22 (data exception, e.g. a NUL in a JSON string) and 23 (integrity constraint
 * violation): the row itself is refused, and would be again on every later try (PostgreSQL documentation,
 * Appendix A "PostgreSQL Error Codes").
 */
const ROW_REFUSED_SQLSTATE = /^2[23]...$/;

export interface LoginRowsWriteBehind extends WritesBehind {
  /** A login's rows, both or neither; at the bound refused with PASSI_STATE_FULL. */
  add(rows: { session?: SessionRow; report?: LoginReportRow }): void;
  /** A session not yet written, as a copy; null when it was destroyed since; undefined when not pending. */
  pendingSession(id: string): SessionRow | null | undefined;
  destroySession(id: string): void;
  /** Rows waiting to be written. */
  pending(): number;
}

interface Pending {
  /** SSO sessions by id: the row to insert, or null to delete it. */
  sessions: Map<string, SessionRow | null>;
  reports: LoginReportRow[];
}

const empty = (): Pending => ({ sessions: new Map(), reports: [] });

/**
 * A finished login's report and the SSO session it opens, on the embedded store: held in memory and
 * written every `WRITE_BEHIND_MS` in one transaction for all the logins of that interval, and at shutdown
 * (docs/performance.md "Writes behind the login").
 *
 * The session is found in memory until it is written (session-store.ts), so the service's next login
 * reuses it at once. The report is what the support trace, data quality and insight pages read: they see a
 * login a quarter second later; the login path's own readers of a report (the attribute test service's
 * detail, a blocked login's failure) wait for the pending writes first (login-report-store.ts). The
 * embedded store has exactly one node, so nothing else writes these rows meanwhile. What a crash can lose
 * is the last interval's reports and sessions: their people log in again at the school next time.
 */
export function createLoginRowsWriteBehind(
  db: Db,
  clock: Clock,
  /** A row the store refused by itself, dropped so that it does not hold back the others. */
  onRefused: (error: unknown) => void,
  maxRows = PENDING_LOGIN_ROWS_LIMIT,
): LoginRowsWriteBehind {
  let pending = empty();

  const write = async (batch: Pending) => {
    const gone = [...batch.sessions].filter(([, row]) => row === null).map(([id]) => id);
    const sessions = [...batch.sessions.values()].filter((row): row is SessionRow => row !== null);
    await db.transaction().execute(async (trx) => {
      if (gone.length > 0) await trx.deleteFrom('session').where('id', 'in', gone).execute();
      if (sessions.length > 0) await trx.insertInto('session').values(sessions).execute();
      if (batch.reports.length > 0) await trx.insertInto('login_report').values(batch.reports).execute();
    });
  };

  /**
   * A batch the store refused because of one of its rows: each row on its own, so that one refused row
   * (reported and dropped) does not hold back every later login's. A session and its report are then no
   * longer written together. Returns what is left unwritten when the store fails otherwise.
   */
  const writeOneByOne = async (batch: Pending): Promise<{ rest: Pending; failure: unknown } | undefined> => {
    const sessions = [...batch.sessions];
    const rows = [
      ...sessions.map(
        ([id, row]) =>
          () =>
            row === null
              ? db.deleteFrom('session').where('id', '=', id).execute()
              : db.insertInto('session').values(row).execute(),
      ),
      ...batch.reports.map((row) => () => db.insertInto('login_report').values(row).execute()),
    ];
    for (const [i, writeRow] of rows.entries()) {
      try {
        await writeRow();
      } catch (e) {
        if (isRowRefused(e)) {
          onRefused(e);
          continue;
        }
        const rest = {
          sessions: new Map(sessions.slice(i)),
          reports: batch.reports.slice(Math.max(0, i - sessions.length)),
        };
        return { rest, failure: e };
      }
    }
    return undefined;
  };

  const flush = oneAtATime(async () => {
    if (pending.sessions.size === 0 && pending.reports.length === 0) return;
    const batch = pending;
    pending = empty();
    let left: { rest: Pending; failure: unknown } | undefined;
    try {
      await write(batch);
    } catch (e) {
      left = isRowRefused(e) ? await writeOneByOne(batch) : { rest: batch, failure: e };
    }
    if (!left) return;
    pending = mergeBack(left.rest, pending, clock.now().getTime());
    throw left.failure;
  });

  return {
    add({ session, report }) {
      const rows = pending.sessions.size + pending.reports.length;
      if (rows + (session ? 1 : 0) + (report ? 1 : 0) > maxRows)
        fail(ErrorCodes.STATE_FULL, `login rows waiting for the store reached their bound (${maxRows})`);
      if (session) pending.sessions.set(session.id, session);
      if (report) pending.reports.push(report);
    },
    pendingSession(id) {
      const row = pending.sessions.get(id);
      return row ? { ...row, data: JSON.parse(JSON.stringify(row.data)) } : row;
    },
    destroySession(id) {
      pending.sessions.set(id, null);
    },
    pending: () => pending.sessions.size + pending.reports.length,
    flush,
    start: (intervalMs, onError) => runEvery(intervalMs, flush, onError),
  };
}

function isRowRefused(error: unknown): boolean {
  const code: unknown = Reflect.get(Object(error), 'code');
  return typeof code === 'string' && ROW_REFUSED_SQLSTATE.test(code);
}

/**
 * Rows that could not be written go back in front of what was gathered meanwhile, which is newer: a
 * session destroyed since stays destroyed, and a session expired meanwhile needs no row.
 */
function mergeBack(unwritten: Pending, newer: Pending, nowMs: number): Pending {
  const sessions = new Map<string, SessionRow | null>();
  for (const [id, row] of unwritten.sessions)
    if (!newer.sessions.has(id) && (row === null || row.expires_at.getTime() > nowMs)) sessions.set(id, row);
  for (const [id, row] of newer.sessions) sessions.set(id, row);
  return { sessions, reports: unwritten.reports.concat(newer.reports) };
}
