import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { Organisation } from '../../registry/organisation-schema.ts';
import type { RegistryRepository } from '../../registry/registry-repository.ts';
import type { RegistryCache } from '../../registry/registry-snapshot.ts';

/** The registry as the organisation commands use it: the node's snapshot to read, the repository to write. */
export interface OrganisationRegistry {
  cache: RegistryCache;
  repo: RegistryRepository;
}

/** The organisation's document from the node's current snapshot, or 404. */
export async function organisationOf(
  registry: OrganisationRegistry,
  organisationId: string,
): Promise<Organisation> {
  const org = (await registry.cache.current()).organisations.get(organisationId);
  if (!org) fail(ErrorCodes.NOT_FOUND, `no organisation ${organisationId}`);
  return org;
}

/** The registry the portal was composed with; the CLI has none and does not reach these commands. */
export function organisationRegistryOf(deps: { registry?: OrganisationRegistry }): OrganisationRegistry {
  if (!deps.registry) throw new Error('organisation commands need the registry (PortalDeps.registry)');
  return deps.registry;
}
