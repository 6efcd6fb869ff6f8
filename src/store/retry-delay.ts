/** First retry after 250 ms, doubling. */
const FIRST_MS = 250;

/**
 * Capped at 2 s: a node waiting for its database (at boot, or to listen again) is back within 2 s of the
 * database, and a few nodes retrying a trivial connection every 2 s cost PostgreSQL nothing.
 */
export const MAX_RETRY_DELAY_MS = 2000;

/** Delay before retry number `failures` (0-based) to reach the database. */
export function retryDelayMs(failures: number): number {
  return Math.min(FIRST_MS * 2 ** Math.min(failures, 16), MAX_RETRY_DELAY_MS);
}
