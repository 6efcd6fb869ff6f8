import { serviceHasCompletedLogin } from '../../ops/statistics/service-tested.ts';
import type { Principal } from '../domain/principal.ts';
import type { PortalDeps } from './portal-deps.ts';
import { authoriseServiceRead, serviceOf } from './service-access.ts';
import { type ServiceView, serviceView } from './service-view.ts';

/** The organisation's services, by id (secrets never leave the registry). */
export async function listServices(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  ip: string,
): Promise<ServiceView[]> {
  const registry = await authoriseServiceRead(deps, principal, organisationId, 'see the services', ip);
  const now = deps.clock.now();
  return [...(await registry.cache.current()).services.values()]
    .filter((e) => e.service.organisationOid === organisationId)
    .map((e) => serviceView(e, now));
}

/** One service, its revision, and whether it has had a completed login (what "Create production service" needs). */
export async function getService(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  serviceId: string,
  ip: string,
): Promise<ServiceView & { tested: boolean; revision: number }> {
  const registry = await authoriseServiceRead(deps, principal, organisationId, 'see a service', ip);
  const entry = await serviceOf(registry, organisationId, serviceId);
  return {
    ...serviceView(entry, deps.clock.now()),
    tested: await serviceHasCompletedLogin(deps.db, serviceId),
    // What a change sends back as `expectedRevision` (optimistic locking, docs/portal.md "Services").
    revision: (await registry.repo.find('service', serviceId))?.revision ?? 0,
  };
}
