import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { ServiceEntry } from '../../registry/registry-snapshot.ts';
import type { Principal } from '../domain/principal.ts';
import { authoriseOrganisation, refuse } from './organisation-access.ts';
import {
  type OrganisationRegistry,
  organisationOf,
  organisationRegistryOf,
} from './organisation-registry.ts';
import type { PortalDeps } from './portal-deps.ts';

/**
 * Services are changed by the service provider's main user or an operator (docs/portal.md "Roles"); an
 * education provider's main user may change their own organisation but not register services for it.
 */
export async function authoriseServiceChange(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  what: string,
  ip: string,
): Promise<OrganisationRegistry> {
  await authoriseOrganisation(deps, principal, organisationId, { what, change: true }, ip);
  if (principal.role !== 'service-main' && principal.role !== 'operator')
    await refuse(deps, principal, organisationId, what, ip);
  const registry = organisationRegistryOf(deps);
  await organisationOf(registry, organisationId);
  return registry;
}

/** Reading the services: every role of the organisation (viewers too) and operators. */
export async function authoriseServiceRead(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  what: string,
  ip: string,
): Promise<OrganisationRegistry> {
  await authoriseOrganisation(deps, principal, organisationId, { what, change: false }, ip);
  const registry = organisationRegistryOf(deps);
  await organisationOf(registry, organisationId);
  return registry;
}

/** One of the organisation's services, or 404 (another organisation's service id names nothing here). */
export async function serviceOf(
  registry: OrganisationRegistry,
  organisationId: string,
  serviceId: string,
): Promise<ServiceEntry> {
  const entry = (await registry.cache.current()).services.get(serviceId);
  if (!entry || entry.service.organisationOid !== organisationId)
    fail(ErrorCodes.NOT_FOUND, `no service ${serviceId} in ${organisationId}`);
  return entry;
}

/** The registry actor of a portal change (docs/portal.md "Contacts"). */
export const portalActor = (principal: Principal) => `portal:${principal.email}`;
