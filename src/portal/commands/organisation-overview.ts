import type { Organisation } from '../../registry/organisation-schema.ts';
import type { Principal } from '../domain/principal.ts';
import {
  createOrganisationPeopleStore,
  type OrganisationMember,
} from '../store/organisation-people-store.ts';
import { type AcceptedTerms, acceptedTermsOf } from './accepted-terms.ts';
import { authoriseOrganisation } from './organisation-access.ts';
import { type OrganisationRegistry, organisationOf } from './organisation-registry.ts';
import type { PortalDeps } from './portal-deps.ts';

export interface OrganisationOverview {
  organisationId: string;
  organisation: Organisation;
  people: OrganisationMember[];
  acceptedTerms: AcceptedTerms[];
}

/** What the organisation page and `GET /organisations/{organisationId}` show (docs/portal.md "Organisation page"). */
export async function organisationOverview(
  deps: PortalDeps,
  registry: OrganisationRegistry,
  principal: Principal,
  organisationId: string,
  ip: string,
): Promise<OrganisationOverview> {
  await authoriseOrganisation(
    deps,
    principal,
    organisationId,
    { what: 'view organisation', change: false },
    ip,
  );
  const organisation = await organisationOf(registry, organisationId);
  return {
    organisationId,
    organisation,
    people: await organisationPeople(deps, organisationId),
    acceptedTerms: await acceptedTermsOf(deps, organisationId),
  };
}

/** The people of an organisation, for a caller already authorised for it. */
export function organisationPeople(deps: PortalDeps, organisationId: string): Promise<OrganisationMember[]> {
  return createOrganisationPeopleStore(deps.db).members(organisationId, deps.clock.now());
}

/** People list for `GET /organisations/{organisationId}/people`. */
export async function listOrganisationPeople(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  ip: string,
): Promise<OrganisationMember[]> {
  await authoriseOrganisation(deps, principal, organisationId, { what: 'list people', change: false }, ip);
  return organisationPeople(deps, organisationId);
}

/** Every organisation of the registry, for operators (`/portal/organisations`), filtered by a search text. */
export async function listOrganisations(
  deps: PortalDeps,
  registry: OrganisationRegistry,
  principal: Principal,
  search: string,
  ip: string,
): Promise<{ organisationId: string; organisation: Organisation }[]> {
  if (principal.role !== 'operator') {
    await authoriseOrganisation(deps, principal, '*', { what: 'list organisations', change: false }, ip);
  }
  const needle = search.trim().toLowerCase();
  const all = [...(await registry.cache.current()).organisations.entries()].map(
    ([organisationId, organisation]) => ({
      organisationId,
      organisation,
    }),
  );
  const matches = (o: Organisation, id: string) =>
    [id, o.businessId ?? '', o.name.fi ?? '', o.name.sv ?? '', o.name.en ?? ''].some((v) =>
      v.toLowerCase().includes(needle),
    );
  return all
    .filter((o) => !needle || matches(o.organisation, o.organisationId))
    .sort((a, b) =>
      (a.organisation.name.fi ?? a.organisationId).localeCompare(b.organisation.name.fi ?? b.organisationId),
    );
}
