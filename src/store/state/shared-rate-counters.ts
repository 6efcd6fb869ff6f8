import { sql } from 'kysely';
import { runEvery } from '../../core/run-every.ts';
import type { Db } from '../database.ts';

export interface RateCount {
  /** Requests counted for the key in its current window, on every node as far as this node knows. */
  current: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

interface Entry {
  /** The all-nodes total the store returned at the last sync. */
  shared: number;
  /** Requests this node counted since then. */
  pending: number;
  expiresAt: number;
  windowMs: number;
}

interface SharedRow {
  key: string;
  count: number;
  ttl_ms: number;
}

/** Keys kept in memory at most (distinct clients per window); the oldest are dropped beyond it. */
const MAX_KEYS = 100_000;

/**
 * Fixed-window request counters shared by every node through the `rate_limit` table
 * (docs/operations.md "Rate limits": rate limits in a shared store).
 *
 * A request never waits for the store: it is counted locally and judged against the last all-nodes
 * total plus this node's own requests since. `sync()` (every second by default) adds this node's new
 * counts to the shared rows in one statement and reads back every node's totals (keys without new
 * requests are only read); rows of ended windows are deleted. With N nodes, a limit can be
 * overshot by at most what the other N-1 nodes let through in one sync interval: enough against
 * floods and guessing, and it keeps the login path free of extra store round trips
 * (docs/performance.md). Windows are timed by the database clock, so nodes agree on when a window ends.
 */
export class SharedRateCounters {
  private readonly entries = new Map<string, Entry>();
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly db: () => Db | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  hit(key: string, windowMs: number): RateCount {
    const t = this.now();
    let entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= t) {
      this.entries.delete(key);
      entry = { shared: 0, pending: 0, expiresAt: t + windowMs, windowMs };
      this.entries.set(key, entry);
      if (this.entries.size > MAX_KEYS) this.dropOldest();
    }
    entry.pending += 1;
    return { current: entry.shared + entry.pending, ttlMs: entry.expiresAt - t };
  }

  /** Merge this node's counts into the shared table and learn the other nodes' counts. */
  sync(): Promise<void> {
    this.syncing ??= this.merge().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  /**
   * Sync on an interval until the returned function is called. A failure is reported once until a sync
   * succeeds again: during a database outage the log gets one line, not one per interval.
   */
  start(intervalMs: number, onError: (e: unknown) => void): () => void {
    return runEvery(intervalMs, () => this.sync(), onError);
  }

  private async merge(): Promise<void> {
    const db = this.db();
    if (!db) return;
    const t = this.now();
    const sent = new Map<string, number>();
    const idle: string[] = [];
    const ended: string[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= t) {
        this.entries.delete(key);
        ended.push(key);
      } else if (entry.pending > 0) sent.set(key, entry.pending);
      else idle.push(key);
    }
    // Only counters that moved are written: an UPDATE leaves a dead row behind, and rewriting every live
    // key every second bloated the table with no traffic at all.
    const rows = [...(await this.add(db, sent)), ...(await this.read(db, idle))];
    if (ended.length) {
      // A window that ended is of no use to anyone; another node may have started a new one (kept).
      await sql`DELETE FROM rate_limit WHERE key = ANY(${ended}::text[]) AND expires_at <= now()`.execute(db);
    }
    const after = this.now();
    for (const row of rows) {
      const entry = this.entries.get(row.key);
      if (!entry) continue;
      // Requests counted while the statement ran stay pending for the next sync.
      entry.pending = Math.max(0, entry.pending - (sent.get(row.key) ?? 0));
      entry.shared = row.count;
      entry.expiresAt = after + row.ttl_ms;
    }
  }

  /** Adds this node's new counts and returns the all-nodes totals of those keys. */
  private async add(db: Db, sent: Map<string, number>): Promise<SharedRow[]> {
    if (sent.size === 0) return [];
    // Sorted keys: concurrent syncs from several nodes lock rows in the same order (no deadlock).
    const keys = [...sent.keys()].sort();
    const counts = keys.map((k) => sent.get(k) ?? 0);
    const windows = keys.map((k) => this.entries.get(k)?.windowMs ?? 60_000);
    const result = await sql<SharedRow>`
      INSERT INTO rate_limit (key, count, expires_at)
      SELECT k, n, now() + w * interval '1 millisecond'
      FROM unnest(${keys}::text[], ${counts}::int[], ${windows}::int[]) AS t(k, n, w)
      ORDER BY k
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN rate_limit.expires_at <= now() THEN excluded.count
                     ELSE rate_limit.count + excluded.count END,
        expires_at = CASE WHEN rate_limit.expires_at <= now() THEN excluded.expires_at
                          ELSE rate_limit.expires_at END
      RETURNING key, count, GREATEST(0, (extract(epoch FROM expires_at - now()) * 1000))::int AS ttl_ms
    `.execute(db);
    return result.rows;
  }

  /** The all-nodes totals of keys this node counted nothing for since the last sync (a read, no write). */
  private async read(db: Db, keys: string[]): Promise<SharedRow[]> {
    if (keys.length === 0) return [];
    const result = await sql<SharedRow>`
      SELECT key, count, GREATEST(0, (extract(epoch FROM expires_at - now()) * 1000))::int AS ttl_ms
      FROM rate_limit WHERE key = ANY(${keys}::text[]) AND expires_at > now()
    `.execute(db);
    return result.rows;
  }

  private dropOldest(): void {
    // Map iteration order is insertion order: the first keys are the oldest windows.
    const excess = this.entries.size - MAX_KEYS;
    let i = 0;
    for (const key of this.entries.keys()) {
      if (i++ >= excess) break;
      this.entries.delete(key);
    }
  }
}
