import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { Integration } from '../../registry/integration-schema.ts';
import type { Principal } from '../domain/principal.ts';
import { authoriseOrganisation, refuse } from './organisation-access.ts';
import { organisationRegistryOf } from './organisation-registry.ts';
import type { PortalDeps } from './portal-deps.ts';

/**
 * An integration of the organisation, after the organisation rule (organisation-access.ts): anyone who may
 * see the organisation reads; changes need the education provider's main user or an operator (integrations
 * are the education provider's, docs/portal.md "Roles"). An integration of another organisation is 404,
 * so the path cannot be used to learn what exists elsewhere.
 */
export async function integrationOfOrganisation(
  deps: PortalDeps,
  principal: Principal,
  ids: { organisationId: string; integrationId: string },
  access: { what: string; change: boolean },
  ip: string,
): Promise<Integration> {
  await authoriseOrganisation(deps, principal, ids.organisationId, access, ip);
  if (access.change && principal.role !== 'operator' && principal.role !== 'education-main') {
    await refuse(deps, principal, ids.organisationId, access.what, ip);
  }
  const entry = (await organisationRegistryOf(deps).cache.current()).integrations.get(ids.integrationId);
  if (entry?.integration.organisationOid !== ids.organisationId) {
    fail(ErrorCodes.NOT_FOUND, `no integration ${ids.integrationId} in ${ids.organisationId}`);
  }
  return entry.integration;
}
