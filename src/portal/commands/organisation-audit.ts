import { type FieldChange, fieldChanges } from '../../registry/field-changes.ts';
import type { Principal } from '../domain/principal.ts';
import { createOrganisationAuditStore } from '../store/organisation-audit-store.ts';
import { authoriseOrganisation } from './organisation-access.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

/** Rows per page of the organisation's audit log, and how deep it can be paged (a bounded read). */
export const AUDIT_PAGE_SIZE = 25;
export const AUDIT_MAX_PAGE = 40;

/** One line of the organisation's audit log, ready to show: who, when, what, and for a change before → after. */
export interface OrganisationAuditEntry {
  id: string;
  at: Date;
  /** E-mail of the portal person, or the registry actor as written (`portal:…`, `import`, `admin-api`). */
  who: string;
  source: 'registry' | 'portal';
  action: string;
  /** Registry: `organisation 1.2.…`, `integration 4000001`; portal: the subject of the event. */
  target: string;
  changes: FieldChange[];
}

export interface OrganisationAuditPage {
  page: number;
  entries: OrganisationAuditEntry[];
  hasMore: boolean;
}

/**
 * Everything changed in the organisation, newest first: registry changes of its own document and of its
 * integrations and services (audit_log, shown as field diffs), merged with the portal events of the
 * organisation (portal_audit). Pages are bounded (`AUDIT_MAX_PAGE`).
 */
export async function organisationAudit(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  requestedPage: number,
  ip: string,
): Promise<OrganisationAuditPage> {
  await authoriseOrganisation(deps, principal, organisationId, { what: 'read audit log', change: false }, ip);
  const page = Math.min(Math.max(1, Math.trunc(requestedPage) || 1), AUDIT_MAX_PAGE);
  const rows = await createOrganisationAuditStore(deps.db).page(
    organisationId,
    (page - 1) * AUDIT_PAGE_SIZE,
    AUDIT_PAGE_SIZE,
  );
  const people = portalStores(deps.db, deps.clock).people;
  const names = new Map<string, string>();
  for (const actor of new Set(rows.filter((r) => r.source === 'portal').map((r) => r.actor))) {
    const person = /^[0-9a-f-]{36}$/.test(actor) ? await people.findById(actor) : undefined;
    names.set(actor, person?.email ?? actor);
  }
  const entries = rows.slice(0, AUDIT_PAGE_SIZE).map(
    (r): OrganisationAuditEntry =>
      r.source === 'registry'
        ? {
            id: r.id,
            at: r.at,
            who: r.actor,
            source: 'registry',
            action: r.action,
            target: `${r.entityKind} ${r.entityId}`,
            changes: fieldChanges(...leafByLeaf(r.before ?? {}, r.after ?? {})),
          }
        : {
            id: r.id,
            at: r.at,
            who: names.get(r.actor) ?? r.actor,
            source: 'portal',
            action: r.action,
            target: r.subject ?? '',
            changes: [],
          },
  );
  return { page, entries, hasMore: rows.length > AUDIT_PAGE_SIZE && page < AUDIT_MAX_PAGE };
}

/**
 * Gives a container missing on one side an empty one of the same shape, so a created or removed object
 * or list item is shown field by field (`contacts[1].name: (unset) → "Sami"`) instead of as one
 * truncated JSON value.
 */
export function leafByLeaf(before: unknown, after: unknown): [unknown, unknown] {
  const empty = (v: unknown) => (Array.isArray(v) ? [] : isRecord(v) ? {} : undefined);
  const b = before === undefined ? empty(after) : before;
  const a = after === undefined ? empty(before) : after;
  if (isRecord(b) && isRecord(a)) {
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    const pairs = keys.map((k) => [k, leafByLeaf(b[k], a[k])] as const);
    return [
      Object.fromEntries(pairs.filter(([, [x]]) => x !== undefined).map(([k, [x]]) => [k, x])),
      Object.fromEntries(pairs.filter(([, [, y]]) => y !== undefined).map(([k, [, y]]) => [k, y])),
    ];
  }
  if (Array.isArray(b) && Array.isArray(a) && [...b, ...a].some(isRecord)) {
    const pairs = Array.from({ length: Math.max(b.length, a.length) }, (_, i) => leafByLeaf(b[i], a[i]));
    return [pairs.map(([x]) => x), pairs.map(([, y]) => y)];
  }
  return [b, a];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
