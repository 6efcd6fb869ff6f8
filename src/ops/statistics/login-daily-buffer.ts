import { oneAtATime } from '../../core/one-at-a-time.ts';
import { runEvery } from '../../core/run-every.ts';
import { keyParts, type LoginDailyKey, type LoginDailyRow } from './login-daily-repository.ts';

/** How often a node writes the counts it gathered (docs/operations.md "Daily login statistics"). */
export const LOGIN_DAILY_FLUSH_MS = 1_000;

/**
 * Distinct rows waiting at most. A row is a day, service, integration, school, role and outcome, so a
 * second of logins fills a few hundred at most; the bound only matters while the store cannot be reached,
 * when counts keep adding up in the rows already waiting.
 */
export const LOGIN_DAILY_MAX_PENDING_ROWS = 50_000;

/** Where the gathered counts go: one statement for them all (login-daily-repository.ts `countMany`). */
export interface LoginDailyWriter {
  countMany(rows: readonly LoginDailyRow[]): Promise<void>;
}

export interface LoginDailyBuffer {
  /** Counts one finished login; never waits for the store. */
  add(key: LoginDailyKey): void;
  /**
   * Writes every count added before the call, in one statement, after any write already under way. When
   * the write fails the counts wait for the next flush, and the promise rejects.
   */
  flush(): Promise<void>;
  /**
   * Flushes every `intervalMs` until the returned function is called. A failure is reported once until a
   * flush succeeds again; logins not counted because the bound was reached are reported with their number.
   */
  start(intervalMs: number, report: LoginDailyBufferReport): () => void;
  /** Distinct rows waiting to be written. */
  pendingRows(): number;
}

export interface LoginDailyBufferReport {
  failed(error: unknown): void;
  dropped(logins: number): void;
}

/**
 * The daily counts of one node, gathered in memory and added to `login_daily` in one statement per
 * interval instead of one per login (docs/performance.md "Statistics counted in memory, written once a
 * second"). The upsert adds, so nodes never overwrite each other's counts. What a node has not written
 * yet is lost only if its process dies; a shutdown writes it (app.ts `close`).
 */
export function createLoginDailyBuffer(
  writer: LoginDailyWriter,
  maxPendingRows = LOGIN_DAILY_MAX_PENDING_ROWS,
): LoginDailyBuffer {
  let pending = new Map<string, LoginDailyRow>();
  let dropped = 0;

  const merge = (row: LoginDailyRow) => {
    const id = rowId(row);
    const held = pending.get(id);
    if (held) held.count += row.count;
    else pending.set(id, { ...row });
  };

  const flush = oneAtATime(async () => {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      await writer.countMany([...batch.values()]);
    } catch (e) {
      // Counts already taken are never dropped: they wait, merged with those added since.
      for (const row of batch.values()) merge(row);
      throw e;
    }
  });

  return {
    add(key) {
      const id = rowId(key);
      const held = pending.get(id);
      if (held) held.count += 1;
      else if (pending.size >= maxPendingRows) dropped += 1;
      else pending.set(id, { ...key, count: 1 });
    },
    flush,
    start(intervalMs, report) {
      return runEvery(
        intervalMs,
        () => {
          if (dropped > 0) {
            report.dropped(dropped);
            dropped = 0;
          }
          return flush();
        },
        report.failed,
      );
    },
    pendingRows: () => pending.size,
  };
}

/** One row's key as one string: its fields in the primary key's order. */
function rowId(key: LoginDailyKey): string {
  return keyParts(key).join('\u0000');
}
