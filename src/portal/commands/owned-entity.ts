import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { Principal } from '../domain/principal.ts';
import type { PortalRole } from '../domain/roles.ts';
import type { HistoryKind } from '../store/registry-history-store.ts';
import { authoriseOrganisation, refuse } from './organisation-access.ts';
import type { PortalDeps } from './portal-deps.ts';

/** Who changes what (docs/portal.md "Roles"): integrations by education providers, services by service providers. */
const CHANGED_BY: Record<HistoryKind, PortalRole> = {
  integration: 'education-main',
  service: 'service-main',
};

/** An integration's or service's stored document (secrets are not read here). */
export interface OwnedEntity {
  kind: HistoryKind;
  id: string;
  doc: Record<string, unknown>;
}

/**
 * The integration or service `entityId` of `organisationId`, after the organisation rule: reading needs any
 * role of the organisation (or operator); changing needs its main user of the matching kind or an operator.
 * An entity of another organisation is refused like another organisation (403, audited), so an id in the
 * URL cannot reach across organisations; an unknown id is 404.
 */
export async function ownedEntity(
  deps: PortalDeps,
  principal: Principal,
  input: { organisationId: string; kind: HistoryKind; entityId: string },
  access: { what: string; change: boolean },
  ip: string,
): Promise<OwnedEntity> {
  await authoriseOrganisation(deps, principal, input.organisationId, access, ip);
  if (access.change && principal.role !== 'operator' && principal.role !== CHANGED_BY[input.kind]) {
    await refuse(deps, principal, input.organisationId, access.what, ip);
  }
  const row = await deps.db
    .selectFrom('registry_entity')
    .select(['id', 'doc'])
    .where('kind', '=', input.kind)
    .where('id', '=', input.entityId)
    .executeTakeFirst();
  if (!row) fail(ErrorCodes.NOT_FOUND, `no ${input.kind} ${input.entityId}`);
  const doc = row.doc as Record<string, unknown>;
  if (doc.organisationOid !== input.organisationId) {
    await refuse(deps, principal, input.organisationId, `${access.what} of ${input.kind} ${row.id}`, ip);
  }
  return { kind: input.kind, id: row.id, doc };
}
