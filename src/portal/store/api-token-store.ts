import type { Db } from '../../store/database.ts';
import type { PortalRole } from '../domain/roles.ts';

export interface ApiToken {
  id: string;
  personId: string;
  organisationId: string;
  role: PortalRole;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

type Row = {
  id: string;
  person_id: string;
  organisation_id: string;
  role: PortalRole;
  name: string;
  created_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
};

const toToken = (r: Row): ApiToken => ({
  id: r.id,
  personId: r.person_id,
  organisationId: r.organisation_id,
  role: r.role,
  name: r.name,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
  lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
});

const COLUMNS = [
  'id',
  'person_id',
  'organisation_id',
  'role',
  'name',
  'created_at',
  'expires_at',
  'revoked_at',
  'last_used_at',
] as const;

/** API tokens, stored under the hash of the token; every query is by the owner or by the hash. */
export function createApiTokenStore(db: Db) {
  return {
    async create(token: ApiToken & { tokenHash: string }): Promise<void> {
      await db
        .insertInto('portal_api_token')
        .values({
          id: token.id,
          token_hash: token.tokenHash,
          person_id: token.personId,
          organisation_id: token.organisationId,
          role: token.role,
          name: token.name,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
        })
        .execute();
    },
    async findByHash(tokenHash: string): Promise<ApiToken | undefined> {
      const row = await db
        .selectFrom('portal_api_token')
        .select(COLUMNS)
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toToken(row);
    },
    async listOwn(personId: string, organisationId: string): Promise<ApiToken[]> {
      const rows = await db
        .selectFrom('portal_api_token')
        .select(COLUMNS)
        .where('person_id', '=', personId)
        .where('organisation_id', '=', organisationId)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toToken);
    },
    /** Revokes one of the person's own tokens; false when there is no such unrevoked token. */
    async revokeOwn(personId: string, id: string, at: Date): Promise<boolean> {
      const result = await db
        .updateTable('portal_api_token')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('person_id', '=', personId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async markUsed(id: string, at: Date): Promise<void> {
      await db.updateTable('portal_api_token').set({ last_used_at: at }).where('id', '=', id).execute();
    },
  };
}
