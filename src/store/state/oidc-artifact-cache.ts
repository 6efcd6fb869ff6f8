import type { AdapterPayload } from 'oidc-provider';
import type { Clock } from '../../core/clock.ts';
import { createExpiringEntries } from './expiring-entries.ts';

/**
 * Rows held, all models together. A login writes three (Session, Grant, AccessToken) of about 0.5–1.3 KB
 * each and reads them back within its own requests, seconds later; at the bound the rows written longest
 * ago make room, and are read from PGlite again if ever asked for. 10,000 rows are about a minute of
 * logins at 50 OIDC logins a second, and at most ≈ 13 MB (a bound of 50,000 that never evicted grew the
 * heap by ≈ 2.7 KB per login until full: docs/performance.md "The session's changes measured together").
 */
export const OIDC_ARTIFACT_CACHE_LIMIT = 10_000;

/** The columns of one `oidc_artifact` row that the adapter answers from. */
export interface ArtifactRow {
  id: string;
  /** The payload as JSON text, so neither the writer's nor a reader's later change to its object is seen. */
  json: string;
  grantId: string | null;
  uid: string | null;
  userCode: string | null;
  consumedAt: Date | null;
  expiresAt: Date;
}

export type ArtifactLookup = 'id' | 'uid' | 'user_code';

/**
 * A copy in this process's memory of the `oidc_artifact` rows, for the embedded store only: PGlite runs
 * inside this process, so every write to the table passes through this process's adapter and the copy
 * cannot miss one (docs/performance.md "Short-lived state in memory"). The rows a login writes reach the
 * copy first and the table within a quarter second (oidc-artifact-write-behind.ts); other writes reach the
 * table first, then here. A restart starts with an empty copy that fills as rows are read. Entries expire
 * with their row's `expires_at`, so the sweeper's deletes need no notice. PGlite is one connection
 * (open-embedded-store.ts): statements run and answer in the order they were sent, so the copy receives
 * two writes to one row in the table's order.
 */
export interface OidcArtifactCache {
  /** The live row of a model found by id, uid or user code, or undefined (not held: ask the store). */
  find(model: string, by: ArtifactLookup, value: string): ArtifactRow | undefined;
  /**
   * Marks a write to the table as started; call the returned function when it has ended (either way).
   * A row read from the store while a write was under way may be older than that write, so it is not held.
   */
  beginWrite(): () => void;
  /**
   * Makes a change to the copy that the table gets later (oidc-artifact-write-behind.ts), counted as a
   * write: a row being read from the table meanwhile is older than it, so it is not held.
   */
  changed(change: () => void): void;
  /** Taken just before reading the store after a miss; `fill` holds the row read only if no write overlapped. */
  readTicket(): number | undefined;
  fill(ticket: number | undefined, model: string, row: ArtifactRow): void;
  /** A row just written to the store. When it cannot be held, any older copy is dropped. */
  put(model: string, row: ArtifactRow): void;
  markConsumed(model: string, id: string, at: Date): void;
  remove(model: string, id: string): void;
  /** Drops every held row of a grant, whatever its model (RFC 6749 §4.1.2: reuse of a code revokes them). */
  removeGrant(grantId: string): void;
  size(): number;
}

export function createOidcArtifactCache(
  clock: Clock,
  maxEntries = OIDC_ARTIFACT_CACHE_LIMIT,
): OidcArtifactCache {
  const now = () => clock.now().getTime();
  const rows = createExpiringEntries<ArtifactRow>({ maxEntries, now });
  // uid and user code → id, for findByUid (Session) and findByUserCode (DeviceCode); checked against the row.
  const secondary = createExpiringEntries<string>({ maxEntries, now });
  let writes = 0;
  let writing = 0;

  const key = (model: string, id: string) => `${model}\u0000${id}`;
  const secondaryKey = (model: string, by: ArtifactLookup, value: string) =>
    `${model}\u0000${by}\u0000${value}`;

  const hold = (model: string, row: ArtifactRow): void => {
    rows.offer(key(model, row.id), row, row.expiresAt.getTime());
    for (const [by, value] of [
      ['uid', row.uid],
      ['user_code', row.userCode],
    ] as const)
      if (value !== null) secondary.offer(secondaryKey(model, by, value), row.id, row.expiresAt.getTime());
  };

  return {
    find(model, by, value) {
      const id = by === 'id' ? value : secondary.get(secondaryKey(model, by, value));
      if (id === undefined) return undefined;
      const row = rows.get(key(model, id));
      if (!row) return undefined;
      // The index may point at a row since rewritten with another uid or user code.
      if (by === 'uid' && row.uid !== value) return undefined;
      if (by === 'user_code' && row.userCode !== value) return undefined;
      return row;
    },
    beginWrite() {
      writes++;
      writing++;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        writes++;
        writing--;
      };
    },
    changed(change) {
      writes++;
      change();
    },
    readTicket: () => (writing === 0 ? writes : undefined),
    fill(ticket, model, row) {
      if (ticket === undefined || ticket !== writes) return;
      hold(model, row);
    },
    put: hold,
    markConsumed(model, id, at) {
      const k = key(model, id);
      const row = rows.get(k);
      if (row && row.consumedAt === null) rows.replace(k, { ...row, consumedAt: at });
    },
    remove(model, id) {
      rows.take(key(model, id));
    },
    removeGrant(grantId) {
      // A scan of the held rows: revocation is rare (a code's reuse, logout), a login never calls it.
      rows.removeWhere((row) => row.grantId === grantId);
    },
    size: () => rows.size(),
  };
}

/** The payload oidc-provider reads: a fresh object each time, with `consumed` from the row. */
export function payloadOf(row: Pick<ArtifactRow, 'json' | 'consumedAt'>): AdapterPayload {
  const payload: AdapterPayload = JSON.parse(row.json);
  // oidc-provider reads `consumed` from the payload to detect reuse (models/authorization_code.js).
  if (row.consumedAt) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
  return payload;
}
