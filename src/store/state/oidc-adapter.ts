import { sql } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../database.ts';
import {
  type ArtifactLookup,
  type ArtifactRow,
  createOidcArtifactCache,
  OIDC_ARTIFACT_CACHE_LIMIT,
  type OidcArtifactCache,
  payloadOf,
} from './oidc-artifact-cache.ts';
import {
  createOidcArtifactWriteBehind,
  type OidcArtifactWriteBehind,
  WRITTEN_BEHIND_MODELS,
} from './oidc-artifact-write-behind.ts';

const FALLBACK_TTL_SECONDS = 86_400;

/** The embedded store's copy of the rows in memory and the writes made behind it. */
export interface OidcArtifactMemory {
  copy: OidcArtifactCache;
  writes: OidcArtifactWriteBehind;
}

export function createOidcArtifactMemory(
  db: Db,
  clock: Clock,
  maxRows = OIDC_ARTIFACT_CACHE_LIMIT,
): OidcArtifactMemory {
  return { copy: createOidcArtifactCache(clock, maxRows), writes: createOidcArtifactWriteBehind(db, clock) };
}

/**
 * oidc-provider's storage contract (its Adapter interface) on the `oidc_artifact`
 * table, shared by every node. One instance per model name. The payload is schemaless jsonb; `grant_id`,
 * `uid` and `user_code` are indexed columns so grant revocation and session lookup never scan payloads.
 * Rows past `expires_at` are never returned (the sweeper deletes them later, ops/sweeper.ts).
 *
 * On the embedded store a copy of the rows in memory (oidc-artifact-cache.ts) answers the reads. The
 * rows a login writes, and every delete, reach the copy at once and the table behind it
 * (oidc-artifact-write-behind.ts); a model that can be consumed is written to the table first and reaches
 * the copy once the table has it. A read the copy cannot answer waits for the pending writes, then asks
 * the table.
 */
export class OidcArtifactAdapter implements Adapter {
  constructor(
    private readonly db: Db,
    private readonly model: string,
    private readonly clock: Clock,
    private readonly memory?: OidcArtifactMemory,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void> {
    // Every artifact gets an explicit lifetime (oidc-op/provider-ttl.ts); none lives forever, even if a
    // future oidc-provider model arrives without one.
    const expiresAt = new Date(this.clock.now().getTime() + (expiresIn ?? FALLBACK_TTL_SECONDS) * 1000);
    const json = payloadJson(payload);
    const columns = {
      grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
      uid: typeof payload.uid === 'string' ? payload.uid : null,
      user_code: typeof payload.userCode === 'string' ? payload.userCode : null,
      expires_at: expiresAt,
    };
    const held = (consumedAt: Date | null): ArtifactRow => ({
      id,
      json,
      grantId: columns.grant_id,
      uid: columns.uid,
      userCode: columns.user_code,
      consumedAt,
      expiresAt,
    });
    const { memory } = this;
    if (memory && WRITTEN_BEHIND_MODELS.has(this.model)) {
      const row = held(memory.copy.find(this.model, 'id', id)?.consumedAt ?? null);
      // Pending first: at its bound it refuses, and then the copy must not hold the row either.
      memory.writes.upsert(this.model, row);
      memory.copy.changed(() => memory.copy.put(this.model, row));
      return;
    }
    const row = {
      ...columns,
      // The JSON text itself: the driver would otherwise serialise an object copy of it again.
      payload: sql<Record<string, unknown>>`cast(${json} as jsonb)`,
    };
    const upsert = this.db
      .insertInto('oidc_artifact')
      .values({ model: this.model, id, ...row, consumed_at: null })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row));
    if (!memory) {
      await upsert.execute();
      return;
    }
    // The table gets this row after the changes made before it (a revocation may concern it).
    await memory.writes.flush();
    const ended = memory.copy.beginWrite();
    try {
      // Saving again keeps a consumption (the conflict update leaves consumed_at), so the copy takes it
      // from the row rather than assuming it.
      const written = await upsert.returning('consumed_at').executeTakeFirstOrThrow();
      memory.copy.put(this.model, held(written.consumed_at ? new Date(written.consumed_at) : null));
    } catch (err) {
      // Not written, or not known to be: the copy must not answer with the old row either.
      memory.copy.remove(this.model, id);
      throw err;
    } finally {
      ended();
    }
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('id', id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid', uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('user_code', userCode);
  }

  /**
   * Single use across nodes (RFC 6749 §4.1.2, RFC 9700 §4.5): one atomic UPDATE … WHERE consumed_at IS
   * NULL. oidc-provider checks `consumed` before calling this, but two nodes may both pass that check; the
   * loser gets invalid_grant here and the grant's tokens are revoked, as for any code reuse.
   */
  async consume(id: string): Promise<void> {
    const { memory } = this;
    // The table decides, after every change made before this call has reached it.
    await memory?.writes.flush();
    const ended = memory?.copy.beginWrite();
    try {
      const result = await this.db
        .updateTable('oidc_artifact')
        .set({ consumed_at: sql`now()` })
        .where('model', '=', this.model)
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) {
        // oidc-provider reads only whether `consumed` is set; the copy's time is this process's clock.
        memory?.copy.markConsumed(this.model, id, this.clock.now());
        return;
      }
      const row = await this.db
        .selectFrom('oidc_artifact')
        .select('grant_id')
        .where('model', '=', this.model)
        .where('id', '=', id)
        .executeTakeFirst();
      if (row?.grant_id) await this.revokeByGrantId(row.grant_id);
      throw new errors.InvalidGrant('grant already consumed');
    } catch (err) {
      memory?.copy.remove(this.model, id);
      throw err;
    } finally {
      ended?.();
    }
  }

  async destroy(id: string): Promise<void> {
    const { memory } = this;
    if (!memory) {
      await this.db
        .deleteFrom('oidc_artifact')
        .where('model', '=', this.model)
        .where('id', '=', id)
        .execute();
      return;
    }
    memory.copy.changed(() => memory.copy.remove(this.model, id));
    memory.writes.delete(this.model, id);
  }

  /** Deletes every artifact of a grant, whatever its model (codes, access and refresh tokens). */
  async revokeByGrantId(grantId: string): Promise<void> {
    const { memory } = this;
    if (!memory) {
      await this.db.deleteFrom('oidc_artifact').where('grant_id', '=', grantId).execute();
      return;
    }
    memory.copy.changed(() => memory.copy.removeGrant(grantId));
    memory.writes.revokeGrant(grantId);
  }

  private async findWhere(column: ArtifactLookup, value: string): Promise<AdapterPayload | undefined> {
    // A code or token from the request body with a NUL was never issued (PostgreSQL text cannot hold NUL;
    // the query would fail as an internal error instead of the client's invalid_grant).
    if (value.includes('\u0000')) return undefined;
    if (this.memory) return this.findThroughMemory(this.memory, column, value);
    const row = await this.db
      .selectFrom('oidc_artifact')
      .select(['payload', 'consumed_at'])
      .where('model', '=', this.model)
      .where(column, '=', value)
      .where('expires_at', '>', this.clock.now())
      .executeTakeFirst();
    if (!row) return undefined;
    const payload: AdapterPayload = { ...row.payload };
    // oidc-provider reads `consumed` from the payload to detect reuse (models/authorization_code.js).
    if (row.consumed_at) payload.consumed = Math.floor(new Date(row.consumed_at).getTime() / 1000);
    return payload;
  }

  /**
   * From memory when held; otherwise, once the pending writes are in the table, from the table (after a
   * restart, or past the bound), then held.
   */
  private async findThroughMemory(
    { copy, writes }: OidcArtifactMemory,
    column: ArtifactLookup,
    value: string,
  ): Promise<AdapterPayload | undefined> {
    const held = copy.find(this.model, column, value);
    if (held) return payloadOf(held);
    await writes.flush();
    const ticket = copy.readTicket();
    const row = await this.db
      .selectFrom('oidc_artifact')
      .select(['id', 'payload', 'consumed_at', 'grant_id', 'uid', 'user_code', 'expires_at'])
      .where('model', '=', this.model)
      .where(column, '=', value)
      .where('expires_at', '>', this.clock.now())
      .executeTakeFirst();
    if (!row?.expires_at) return undefined;
    const read: ArtifactRow = {
      id: row.id,
      json: JSON.stringify(row.payload),
      grantId: row.grant_id,
      uid: row.uid,
      userCode: row.user_code,
      consumedAt: row.consumed_at ? new Date(row.consumed_at) : null,
      expiresAt: new Date(row.expires_at),
    };
    copy.fill(ticket, this.model, read);
    return payloadOf(read);
  }
}

/** The payload's JSON text as stored (a JSON object; JSON text drops `undefined`, which jsonb cannot hold). */
function payloadJson(payload: AdapterPayload): string {
  const json = JSON.stringify(payload);
  return json.startsWith('{') ? json : '{}';
}
