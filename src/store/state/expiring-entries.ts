import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';

/**
 * A bounded map whose entries expire, for short-lived login state kept in process memory on the embedded
 * store (docs/performance.md "Short-lived state in memory"). Expired entries are dropped by a full sweep
 * whenever the map has doubled since the last one (amortised constant time per insert), and at the bound
 * after a sweep a new entry is refused with PASSI_STATE_FULL (503): entries already there are never
 * evicted, so a flood of new logins cannot end the logins in progress.
 */
export interface ExpiringEntries<V> {
  /** Adds an entry that is live until `expiresAtMs`; false when the key is already live. */
  add(key: string, value: V, expiresAtMs: number): boolean;
  /**
   * Adds or replaces an entry, for a cache whose entries are also in the store: at the bound, the entries
   * written longest ago are evicted to make room (nothing is refused).
   */
  offer(key: string, value: V, expiresAtMs: number): void;
  /** The live entry's value, or undefined. */
  get(key: string): V | undefined;
  /** Replaces a live entry's value, keeping its expiry; false when none is live. */
  replace(key: string, value: V): boolean;
  /** Removes and returns a live entry's value. */
  take(key: string): V | undefined;
  /** Removes every entry whose value passes `test`; returns how many were removed. */
  removeWhere(test: (value: V) => boolean): number;
  /** Live entries (expired ones may still be counted until the next sweep). */
  size(): number;
}

export function createExpiringEntries<V>(options: {
  maxEntries: number;
  now: () => number;
}): ExpiringEntries<V> {
  const entries = new Map<string, { value: V; expiresAtMs: number }>();
  let sizeAfterSweep = 0;

  const live = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs > options.now()) return entry;
    entries.delete(key);
    return undefined;
  };

  function sweep(): void {
    const now = options.now();
    for (const [key, entry] of entries) if (entry.expiresAtMs <= now) entries.delete(key);
    sizeAfterSweep = entries.size;
  }

  /** Whether there is room for one more entry, sweeping first when the map has doubled or is at its bound. */
  function room(): boolean {
    if (entries.size >= Math.max(2 * sizeAfterSweep, 1024) || entries.size >= options.maxEntries) sweep();
    return entries.size < options.maxEntries;
  }

  return {
    add(key, value, expiresAtMs) {
      if (live(key)) return false;
      if (!room()) {
        fail(ErrorCodes.STATE_FULL, `in-memory login state is full (${options.maxEntries} entries)`);
      }
      entries.set(ownCopy(key), { value, expiresAtMs });
      return true;
    },
    offer(key, value, expiresAtMs) {
      entries.delete(key);
      if (entries.size >= Math.max(2 * sizeAfterSweep, 1024)) sweep();
      // A Map iterates in insertion order, and a rewrite moved its key to the end: the first key is the
      // entry written longest ago. No sweep at the bound, so a full cache costs O(1) per write.
      while (entries.size >= options.maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
      entries.set(ownCopy(key), { value, expiresAtMs });
    },
    get(key) {
      return live(key)?.value;
    },
    replace(key, value) {
      const entry = live(key);
      if (!entry) return false;
      entry.value = value;
      return true;
    },
    take(key) {
      const entry = live(key);
      if (!entry) return undefined;
      entries.delete(key);
      return entry.value;
    },
    removeWhere(test) {
      let removed = 0;
      for (const [key, entry] of entries)
        if (test(entry.value)) {
          entries.delete(key);
          removed++;
        }
      return removed;
    },
    size() {
      return entries.size;
    },
  };
}

/**
 * A key in its own memory. V8 keeps a substring as a slice of the string it was cut from, so an id read
 * out of a parsed SAML Response would keep the whole Response (kilobytes) alive as long as the key is held:
 * measured as ≈ 5 KB of heap per login held for the ids' lifetime (docs/performance.md, round 3).
 */
export function ownCopy(key: string): string {
  return Buffer.from(key, 'utf8').toString('utf8');
}
