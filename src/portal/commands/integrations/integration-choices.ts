import type { LocalisedText } from '../../../core/language.ts';
import { activeSchoolsOf } from '../../../orgdata/find-organisations.ts';
import type { Principal } from '../../domain/principal.ts';
import { organisationRegistryOf } from '../organisation-registry.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { authoriseIntegrations } from './integration-access.ts';

export interface IntegrationChoices {
  /** The organisation's active schools in the organisation data (code when it has one, else OID). */
  schools: { id: string; name: LocalisedText; institutionType: string | undefined }[];
  /** Service sets to allow, each with its service provider's name. */
  serviceSets: { id: string; name: LocalisedText; providerName: LocalisedText }[];
}

/** What the integration form offers to pick from: the organisation's schools and the registry's service sets. */
export async function integrationChoices(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  ip: string,
): Promise<IntegrationChoices> {
  await authoriseIntegrations(
    deps,
    principal,
    organisationId,
    { what: 'read integrations', change: false },
    ip,
  );
  const orgdata = deps.joining?.orgdata();
  const schools = orgdata
    ? activeSchoolsOf(orgdata, organisationId).map((s) => ({
        id: s.schoolCode ?? s.oid,
        name: s.names,
        institutionType: s.institutionType,
      }))
    : [];
  const snapshot = await organisationRegistryOf(deps).cache.current();
  const serviceSets = [...snapshot.serviceSets.values()]
    .map((set) => ({
      id: set.id,
      name: set.name,
      providerName: snapshot.organisations.get(set.organisationOid)?.name ?? {},
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { schools, serviceSets };
}
