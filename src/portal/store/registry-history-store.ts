import type { Db } from '../../store/database.ts';

/** The kinds whose versions the portal shows and restores (docs/portal.md "History"). */
export type HistoryKind = 'integration' | 'service';

/** One version of a registry entity: the audit_log row that wrote it. */
export interface VersionRow {
  id: string;
  at: Date;
  actor: string;
  action: 'create' | 'update' | 'delete';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** How many versions the history shows (a bounded read: the newest ones). */
export const HISTORY_MAX_VERSIONS = 100;

/** The audit trail of one entity, read for its versions (audit_log is written by registry-repository.ts). */
export function createRegistryHistoryStore(db: Db) {
  const toRow = (r: {
    id: string | number | bigint;
    at: Date | string;
    actor: string;
    action: 'create' | 'update' | 'delete';
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }): VersionRow => ({
    id: String(r.id),
    at: new Date(r.at),
    actor: r.actor,
    action: r.action,
    before: r.before,
    after: r.after,
  });
  return {
    /** Versions newest first. */
    async versions(kind: HistoryKind, entityId: string): Promise<VersionRow[]> {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_kind', '=', kind)
        .where('entity_id', '=', entityId)
        .orderBy('id', 'desc')
        .limit(HISTORY_MAX_VERSIONS)
        .execute();
      return rows.map(toRow);
    },
    /** One version of this entity, or undefined (an id of another entity's row is not found). */
    async version(kind: HistoryKind, entityId: string, versionId: string): Promise<VersionRow | undefined> {
      if (!/^[1-9][0-9]{0,17}$/.test(versionId)) return undefined;
      const row = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('id', '=', versionId)
        .where('entity_kind', '=', kind)
        .where('entity_id', '=', entityId)
        .executeTakeFirst();
      return row ? toRow(row) : undefined;
    },
  };
}
