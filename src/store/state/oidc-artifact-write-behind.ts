import { sql } from 'kysely';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { oneAtATime } from '../../core/one-at-a-time.ts';
import { runEvery } from '../../core/run-every.ts';
import type { Db } from '../database.ts';
import type { ArtifactRow } from './oidc-artifact-cache.ts';
import type { WritesBehind } from './writes-behind.ts';

/**
 * oidc-provider's models whose rows are written behind: the ones a login writes (the OP session, the
 * grant, the access token) and Passi's legacy release rows. None of them is ever consumed (Passi issues no
 * refresh tokens and offers no device or CIBA flow), so the copy in memory never has to learn a
 * consumption from the table; a model that can be consumed keeps the write-through path.
 */
export const WRITTEN_BEHIND_MODELS: ReadonlySet<string> = new Set([
  'Session',
  'Grant',
  'AccessToken',
  'PassiAccount',
]);

/**
 * Rows waiting at most. Reached only when the store cannot be written for minutes; a new row is then
 * refused with PASSI_STATE_FULL (503), as the other bounds on the embedded store's memory do.
 */
export const PENDING_OIDC_ROWS_LIMIT = 50_000;

export interface OidcArtifactWriteBehind extends WritesBehind {
  /** The row as it now is; an earlier pending write of the same row is replaced. At the bound, refused. */
  upsert(model: string, row: ArtifactRow): void;
  delete(model: string, id: string): void;
  /** Every row of the grant that was in the store before this call; rows saved after it are kept. */
  revokeGrant(grantId: string): void;
  /** Rows and grants waiting to be written. */
  pending(): number;
}

interface Pending {
  /** (model, id) → the row to upsert, or null to delete it. Later writes of one row replace earlier ones. */
  rows: Map<string, { model: string; id: string; row: ArtifactRow | null }>;
  grants: Set<string>;
}

const empty = (): Pending => ({ rows: new Map(), grants: new Set() });

/**
 * The embedded store's writes of oidc-provider's rows, gathered in memory and written every
 * `WRITE_BEHIND_MS` in one transaction (docs/performance.md "Writes behind the login"). The
 * write-through copy in memory (oidc-artifact-cache.ts) has each change at once and answers the reads;
 * a read it cannot answer waits for the pending writes first (oidc-adapter.ts), so the table it then
 * reads is never behind memory.
 *
 * One transaction applies, in this order: the grants revoked, the rows deleted, the rows upserted. That is
 * the order the changes were made in, because a revocation turns the grant's pending rows into deletes
 * and a row saved after a delete or a revocation is an upsert that comes last. The embedded store has
 * exactly one node, so no other process writes these rows meanwhile. What a crash can lose is the last
 * interval's sessions, grants and tokens: the service's user logs in again.
 */
export function createOidcArtifactWriteBehind(
  db: Db,
  clock: Clock,
  maxRows = PENDING_OIDC_ROWS_LIMIT,
): OidcArtifactWriteBehind {
  let pending = empty();
  const key = (model: string, id: string) => `${model}\u0000${id}`;

  const write = async (batch: Pending) => {
    const rows = [...batch.rows.values()];
    const upserts = rows.flatMap((r) => (r.row ? [{ model: r.model, row: r.row }] : []));
    const deletes = rows.filter((r) => r.row === null);
    await db.transaction().execute(async (trx) => {
      if (batch.grants.size > 0)
        await trx
          .deleteFrom('oidc_artifact')
          .where('grant_id', 'in', [...batch.grants])
          .execute();
      if (deletes.length > 0)
        await trx
          .deleteFrom('oidc_artifact')
          .where((eb) => eb.or(deletes.map((d) => eb.and({ model: d.model, id: d.id }))))
          .execute();
      if (upserts.length > 0)
        await trx
          .insertInto('oidc_artifact')
          .values(
            upserts.map(({ model, row }) => ({
              model,
              id: row.id,
              // The JSON text itself: the driver would otherwise serialise an object copy of it again.
              payload: sql<Record<string, unknown>>`cast(${row.json} as jsonb)`,
              grant_id: row.grantId,
              uid: row.uid,
              user_code: row.userCode,
              expires_at: row.expiresAt,
              consumed_at: row.consumedAt,
            })),
          )
          // Saving again leaves consumed_at as the table has it, as the write-through path does.
          .onConflict((oc) =>
            oc.columns(['model', 'id']).doUpdateSet((eb) => ({
              payload: eb.ref('excluded.payload'),
              grant_id: eb.ref('excluded.grant_id'),
              uid: eb.ref('excluded.uid'),
              user_code: eb.ref('excluded.user_code'),
              expires_at: eb.ref('excluded.expires_at'),
            })),
          )
          .execute();
    });
  };

  const flush = oneAtATime(async () => {
    if (pending.rows.size === 0 && pending.grants.size === 0) return;
    const batch = pending;
    pending = empty();
    try {
      await write(batch);
    } catch (e) {
      pending = mergeBack(batch, pending, clock.now().getTime());
      throw e;
    }
  });

  return {
    upsert(model, row) {
      const k = key(model, row.id);
      if (!pending.rows.has(k) && pending.rows.size >= maxRows)
        fail(
          ErrorCodes.STATE_FULL,
          `OpenID Connect rows waiting for the store reached their bound (${maxRows})`,
        );
      // Deleted and inserted again, so the map's order stays the order of the last writes.
      pending.rows.delete(k);
      pending.rows.set(k, { model, id: row.id, row });
    },
    delete(model, id) {
      const k = key(model, id);
      pending.rows.delete(k);
      pending.rows.set(k, { model, id, row: null });
    },
    revokeGrant(grantId) {
      // The grant's rows not yet written become deletes: one written earlier may be in the table.
      for (const entry of pending.rows.values()) if (entry.row?.grantId === grantId) entry.row = null;
      pending.grants.add(grantId);
    },
    pending: () => pending.rows.size + pending.grants.size,
    flush,
    start: (intervalMs, onError) => runEvery(intervalMs, flush, onError),
  };
}

/**
 * A batch that could not be written goes back in front of what was gathered meanwhile, which is newer:
 * a row written again since wins, a row of a grant revoked since is not put back, and rows that expired
 * meanwhile need no write (so a long outage holds no more than memory does).
 */
function mergeBack(batch: Pending, newer: Pending, nowMs: number): Pending {
  const merged = empty();
  for (const [k, entry] of batch.rows) {
    if (newer.rows.has(k)) continue;
    if (entry.row && newer.grants.has(entry.row.grantId ?? '')) continue;
    if (entry.row && entry.row.expiresAt.getTime() <= nowMs) continue;
    merged.rows.set(k, entry);
  }
  for (const [k, entry] of newer.rows) merged.rows.set(k, entry);
  for (const g of batch.grants) merged.grants.add(g);
  for (const g of newer.grants) merged.grants.add(g);
  return merged;
}
