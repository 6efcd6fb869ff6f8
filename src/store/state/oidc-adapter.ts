import { sql } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../database.ts';

const FALLBACK_TTL_SECONDS = 86_400;

/**
 * oidc-provider's storage contract (its Adapter interface) on the `oidc_artifact`
 * table, shared by every node. One instance per model name. The payload is schemaless jsonb; `grant_id`,
 * `uid` and `user_code` are indexed columns so grant revocation and session lookup never scan payloads.
 * Rows past `expires_at` are never returned (the sweeper deletes them later, ops/sweeper.ts).
 */
export class OidcArtifactAdapter implements Adapter {
  constructor(
    private readonly db: Db,
    private readonly model: string,
    private readonly clock: Clock,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void> {
    // Every artifact gets an explicit lifetime (oidc-op/provider-ttl.ts); none lives forever, even if a
    // future oidc-provider model arrives without one.
    const expiresAt = new Date(this.clock.now().getTime() + (expiresIn ?? FALLBACK_TTL_SECONDS) * 1000);
    const row = {
      payload: toJson(payload),
      grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
      uid: typeof payload.uid === 'string' ? payload.uid : null,
      user_code: typeof payload.userCode === 'string' ? payload.userCode : null,
      expires_at: expiresAt,
    };
    await this.db
      .insertInto('oidc_artifact')
      .values({ model: this.model, id, ...row, consumed_at: null })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
      .execute();
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
    const result = await this.db
      .updateTable('oidc_artifact')
      .set({ consumed_at: sql`now()` })
      .where('model', '=', this.model)
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return;
    const row = await this.db
      .selectFrom('oidc_artifact')
      .select('grant_id')
      .where('model', '=', this.model)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row?.grant_id) await this.revokeByGrantId(row.grant_id);
    throw new errors.InvalidGrant('grant already consumed');
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom('oidc_artifact').where('model', '=', this.model).where('id', '=', id).execute();
  }

  /** Deletes every artifact of a grant, whatever its model (codes, access and refresh tokens). */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.deleteFrom('oidc_artifact').where('grant_id', '=', grantId).execute();
  }

  private async findWhere(
    column: 'id' | 'uid' | 'user_code',
    value: string,
  ): Promise<AdapterPayload | undefined> {
    // A code or token from the request body with a NUL was never issued (PostgreSQL text cannot hold NUL;
    // the query would fail as an internal error instead of the client's invalid_grant).
    if (value.includes('\u0000')) return undefined;
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
}

function toJson(payload: AdapterPayload): Record<string, unknown> {
  const parsed: unknown = JSON.parse(JSON.stringify(payload));
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? { ...parsed } : {};
}
