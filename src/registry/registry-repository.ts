import { sql } from 'kysely';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';
import type { Db } from '../store/database.ts';
import type { SecretBox } from '../store/secret-box.ts';
import { type EntityKind, type EntityTypes, entityId, naturalKey, splitSecrets } from './entity-kinds.ts';

export interface StoredEntity<K extends EntityKind = EntityKind> {
  kind: K;
  id: string;
  doc: EntityTypes[K];
  secrets: Record<string, string>;
  /** Raised by every update (optimistic locking: `EntityWrite.expectedRevision`). */
  revision: number;
}

export interface EntityWrite<K extends EntityKind = EntityKind> {
  kind: K;
  doc: EntityTypes[K];
  /**
   * The revision the writer read (a portal form's hidden field): when the stored one differs, someone
   * else saved in between and the write is refused with REGISTRY_REVISION_CONFLICT instead of silently
   * overwriting their change. `0` expects the entity not to exist yet. Absent: no check (imports).
   */
  expectedRevision?: number;
}

/** The last change of an entity as the audit log has it: who and when, for a conflict message. */
export interface LastChange {
  actor: string;
  at: Date;
}

/**
 * Registry rows: validated documents, secrets sealed in their own column, every change written to the
 * audit log and the registry version bumped in the same transaction.
 */
export function createRegistryRepository(db: Db, box: SecretBox) {
  const secretContext = (kind: string, id: string) => `registry:${kind}:${id}`;
  const changeListeners = new Set<() => void>();

  async function list<K extends EntityKind>(kind: K, executor: Db = db): Promise<StoredEntity<K>[]> {
    const rows = await executor
      .selectFrom('registry_entity')
      .selectAll()
      .where('kind', '=', kind)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      kind,
      id: row.id,
      doc: row.doc as unknown as EntityTypes[K],
      secrets: row.secrets
        ? (JSON.parse(box.open(row.secrets, secretContext(kind, row.id))) as Record<string, string>)
        : {},
      revision: row.revision,
    }));
  }

  /** One entity by kind and id, with its secrets and revision; undefined when absent. */
  async function find<K extends EntityKind>(
    kind: K,
    id: string,
    executor: Db = db,
  ): Promise<StoredEntity<K> | undefined> {
    const row = await executor
      .selectFrom('registry_entity')
      .selectAll()
      .where('kind', '=', kind)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      kind,
      id: row.id,
      doc: row.doc as unknown as EntityTypes[K],
      secrets: row.secrets
        ? (JSON.parse(box.open(row.secrets, secretContext(kind, row.id))) as Record<string, string>)
        : {},
      revision: row.revision,
    };
  }

  /** The newest audit_log row of an entity: who changed it last, and when. */
  async function lastChange(
    kind: EntityKind,
    id: string,
    executor: Db = db,
  ): Promise<LastChange | undefined> {
    const row = await executor
      .selectFrom('audit_log')
      .select(['actor', 'at'])
      .where('entity_kind', '=', kind)
      .where('entity_id', '=', id)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { actor: row.actor, at: new Date(row.at) } : undefined;
  }

  async function version(executor: Db = db): Promise<bigint> {
    const row = await executor
      .selectFrom('registry_state')
      .select('version')
      .where('singleton', '=', 1)
      .executeTakeFirst();
    return BigInt(row?.version ?? 0);
  }

  /**
   * Creates or updates entities in one transaction. Absent secrets keep their stored value (export omits
   * secrets, so export → import is lossless). Unchanged documents write nothing.
   */
  async function upsertMany(writes: readonly EntityWrite[], actor: string): Promise<{ changed: number }> {
    const result = await db.transaction().execute((tx) => upsertManyIn(tx, writes, actor));
    if (result.changed > 0) committed();
    return result;
  }

  /**
   * upsertMany inside a transaction the caller owns (a change that must commit or fail together with rows
   * of its own, e.g. approving an application to join). The audit_log rows, the version bump and the
   * NOTIFY are part of `tx`; after the commit the caller calls `committed()` for this node's listeners.
   */
  async function upsertManyIn(
    tx: Db,
    writes: readonly EntityWrite[],
    actor: string,
  ): Promise<{ changed: number }> {
    let changed = 0;
    for (const write of writes) {
      const id = entityId(write.kind, write.doc);
      const { publicDoc, secrets } = splitSecrets(write.kind, write.doc);
      const existing = await tx
        .selectFrom('registry_entity')
        .selectAll()
        .where('kind', '=', write.kind)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      // Checked under the row lock: two saves based on the same revision cannot both pass.
      if (write.expectedRevision !== undefined && (existing?.revision ?? 0) !== write.expectedRevision) {
        await refuseStaleWrite(tx, write.kind, id, write.expectedRevision, existing?.revision ?? 0);
      }
      const sealed = secrets
        ? box.seal(JSON.stringify(secrets), secretContext(write.kind, id))
        : (existing?.secrets ?? null);
      const before = existing ? (existing.doc as Record<string, unknown>) : null;
      const after = publicDoc as unknown as Record<string, unknown>;
      if (existing && canonicalJson(before) === canonicalJson(after) && !secrets) continue;
      changed++;
      if (existing) {
        await tx
          .updateTable('registry_entity')
          .set({
            doc: after,
            natural_key: naturalKey(write.kind, write.doc),
            secrets: sealed,
            revision: sql`revision + 1`,
            updated_at: sql`now()`,
          })
          .where('kind', '=', write.kind)
          .where('id', '=', id)
          .execute();
      } else {
        await tx
          .insertInto('registry_entity')
          .values({
            kind: write.kind,
            id,
            natural_key: naturalKey(write.kind, write.doc),
            doc: after,
            secrets: sealed,
          })
          .execute();
      }
      await tx
        .insertInto('audit_log')
        .values({
          actor,
          action: existing ? 'update' : 'create',
          entity_kind: write.kind,
          entity_id: id,
          before,
          after: secrets ? { ...after, secretsChanged: Object.keys(secrets).sort() } : after,
        })
        .execute();
    }
    if (changed > 0) {
      await tx
        .updateTable('registry_state')
        .set({ version: sql`version + 1` })
        .where('singleton', '=', 1)
        .execute();
      // Delivered to every node's listener when the transaction commits (PostgreSQL NOTIFY semantics).
      await sql`select pg_notify(${REGISTRY_CHANNEL}, '')`.execute(tx);
    }
    return { changed };
  }

  /** Refuses a write based on an older revision, naming who saved the newer one and when (audit_log). */
  async function refuseStaleWrite(
    tx: Db,
    kind: EntityKind,
    id: string,
    expected: number,
    stored: number,
  ): Promise<never> {
    const last = await lastChange(kind, id, tx);
    const by = last ? `changed by ${last.actor} at ${last.at.toISOString()}` : 'changed by someone else';
    fail(
      ErrorCodes.REGISTRY_REVISION_CONFLICT,
      stored === 0
        ? `${kind} ${id} does not exist (any more); reload`
        : `${kind} ${id} was ${by} (revision ${stored}, yours ${expected}); reload and make your change again`,
      {
        detail: {
          kind,
          id,
          expectedRevision: expected,
          revision: stored,
          ...(last ? { changedBy: last.actor, changedAt: last.at.toISOString() } : {}),
        },
      },
    );
  }

  /** Tells this node's listeners about a committed change (upsertManyIn's caller, after its commit). */
  function committed(): void {
    for (const listener of changeListeners) listener();
  }

  /** In-process listeners (this node's caches), called after a committed change. */
  function onChange(listener: () => void): void {
    changeListeners.add(listener);
  }

  async function count(): Promise<number> {
    const row = await db
      .selectFrom('registry_entity')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirst();
    return row?.n ?? 0;
  }

  return { list, find, lastChange, version, upsertMany, upsertManyIn, committed, count, onChange };
}

export type RegistryRepository = ReturnType<typeof createRegistryRepository>;

/** PostgreSQL notification channel of registry changes. */
export const REGISTRY_CHANNEL = 'passi_registry';

/** JSON with sorted keys, for change detection. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}
