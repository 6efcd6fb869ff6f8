import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, ValidationError } from '../../core/errors.ts';
import { entitySchemas } from '../../registry/entity-kinds.ts';
import { type FieldChange, fieldChanges } from '../../registry/field-changes.ts';
import type { Principal } from '../domain/principal.ts';
import {
  createRegistryHistoryStore,
  type HistoryKind,
  type VersionRow,
} from '../store/registry-history-store.ts';
import { leafByLeaf } from './organisation-audit.ts';
import { organisationRegistryOf } from './organisation-registry.ts';
import { ownedEntity } from './owned-entity.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

/** One version of an integration or service, ready to show (docs/portal.md "History"). */
export interface EntityVersion {
  id: string;
  at: Date;
  /** The registry actor as written: `portal:<e-mail>`, `import`, `admin-api`. */
  who: string;
  action: 'create' | 'update' | 'delete';
  /** What this version changed from the one before; secrets by name only (`secrets.x`, `secret: true`). */
  changes: FieldChange[];
  current: boolean;
  /** Whether "Restore this version" is offered: an earlier version that still holds a document. */
  restorable: boolean;
}

export interface EntityHistory {
  organisationId: string;
  kind: HistoryKind;
  entityId: string;
  /** The entity's shown name by language (integration: discovery display name; service: name). */
  name: Record<string, string>;
  versions: EntityVersion[];
}

function nameOf(doc: Record<string, unknown>): Record<string, string> {
  const discovery = doc.discovery;
  const candidate = isRecord(discovery) ? discovery.displayName : doc.name;
  if (!isRecord(candidate)) return {};
  return Object.fromEntries(
    Object.entries(candidate).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Key the repository adds to an audited document when secrets were written (registry-repository.ts). */
const SECRETS_CHANGED = 'secretsChanged';

/** The document a version wrote, without the repository's `secretsChanged` note. */
function versionDocument(row: VersionRow): Record<string, unknown> | undefined {
  if (!row.after) return undefined;
  const { [SECRETS_CHANGED]: _note, ...doc } = row.after;
  return doc;
}

function secretNames(row: VersionRow): string[] {
  const names = row.after?.[SECRETS_CHANGED];
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
}

/** Field-level changes of one version; secret values never appear, only "secret changed" by name. */
function versionChanges(row: VersionRow): FieldChange[] {
  const before = row.before ? (versionDocument({ ...row, after: row.before }) ?? {}) : {};
  const after = versionDocument(row) ?? {};
  return [
    ...fieldChanges(...leafByLeaf(before, after)),
    ...secretNames(row).map((name): FieldChange => ({ path: `secrets.${name}`, secret: true })),
  ];
}

/** The versions of an integration or service of the organisation, newest first. */
export async function entityHistory(
  deps: PortalDeps,
  principal: Principal,
  input: { organisationId: string; kind: HistoryKind; entityId: string },
  ip: string,
): Promise<EntityHistory> {
  const entity = await ownedEntity(
    deps,
    principal,
    input,
    { what: `read ${input.kind} history`, change: false },
    ip,
  );
  const rows = await createRegistryHistoryStore(deps.db).versions(entity.kind, entity.id);
  return {
    organisationId: input.organisationId,
    kind: entity.kind,
    entityId: entity.id,
    name: nameOf(entity.doc),
    versions: rows.map((row, i) => ({
      id: row.id,
      at: row.at,
      who: row.actor,
      action: row.action,
      changes: versionChanges(row),
      current: i === 0,
      restorable: i > 0 && row.after !== null,
    })),
  };
}

/**
 * Writes an earlier version's document back as a new change (audited in audit_log by the repository, and
 * in the portal's audit). Secrets are not in the audit trail, so the current ones stay: the repository
 * keeps stored secrets when a document brings none. The version must still validate against today's
 * schema and must belong to the same organisation; otherwise it is refused with the reason.
 */
export async function restoreVersion(
  deps: PortalDeps,
  principal: Principal,
  input: { organisationId: string; kind: HistoryKind; entityId: string; versionId: string },
  ip: string,
): Promise<{ changed: boolean }> {
  const what = `restore a version of ${input.kind} ${input.entityId}`;
  const entity = await ownedEntity(deps, principal, input, { what, change: true }, ip);
  const row = await createRegistryHistoryStore(deps.db).version(entity.kind, entity.id, input.versionId);
  if (!row) fail(ErrorCodes.NOT_FOUND, `no version ${input.versionId} of ${input.kind} ${entity.id}`);
  const doc = versionDocument(row);
  if (!doc) {
    throw new ValidationError(
      ErrorCodes.PORTAL_VERSION_INVALID,
      [{ path: '', message: 'this version removed the entity and holds no document' }],
      'version',
    );
  }
  if (doc.organisationOid !== input.organisationId || doc.id !== entity.id) {
    throw new ValidationError(
      ErrorCodes.PORTAL_VERSION_INVALID,
      [{ path: 'organisationOid', message: 'this version belonged to another organisation' }],
      'version',
    );
  }
  const parsed = entitySchemas[entity.kind].safeParse(doc);
  if (!parsed.success) {
    throw new ValidationError(
      ErrorCodes.PORTAL_VERSION_INVALID,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      'version',
    );
  }
  const { changed } = await organisationRegistryOf(deps).repo.upsertMany(
    [{ kind: entity.kind, doc: parsed.data }],
    `portal:${principal.email}`,
  );
  await portalStores(deps.db, deps.clock).audit.record({
    actor: principal.personId,
    action: 'registry-version-restored',
    organisationId: input.organisationId,
    subject: `${entity.kind} ${entity.id}`,
    ip,
    detail: { versionId: row.id, changed: changed > 0 },
  });
  return { changed: changed > 0 };
}
