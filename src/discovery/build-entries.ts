import type { LocalisedText } from '../core/language.ts';
import type { Organisation } from '../orgdata/organisation.ts';
import type { Integration } from '../registry/integration-schema.ts';
import { type DiscoveryEntry, type DiscoveryGroup, entryKey } from './discovery-entry.ts';
import { labelLoginMethods } from './login-method-label.ts';
import type { SchoolDirectory } from './school-directory.ts';

/**
 * Institution types allowed in MPASSid (koodisto `mpassidnsallimatoppilaitostyypit`,
 * https://wiki.eduuni.fi/display/OPHPALV/MPASSid+ja+oppijanumero): the default when an integration lists every school of its organisation and
 * names no institution types.
 */
export const MPASSID_INSTITUTION_TYPES: readonly string[] = [
  '11',
  '12',
  '15',
  '19',
  '21',
  '22',
  '61',
  '63',
  '64',
];

const SCHOOL_CODE = /^\d{5}$/;

/**
 * The page's entries for the integrations a service may use (docs/discovery.md). The caller passes
 * only the service's candidates (IntegrationDirectory.candidates), so an integration that does not allow
 * the service can never appear.
 *
 * - `showSchools: false` → one entry named by the display name.
 * - `schools` listed → those schools; otherwise every active school of the organisation whose
 *   institution type is allowed (the integration's `institutionTypes`, else MPASSid's default list).
 * - `excludedSchools` are left out; closed schools never appear (organisation service `aktiiviset=true`).
 * - An integration whose school list comes out empty is offered as one entry, so it stays reachable.
 * - A provider with more than one integration here gets each entry's login method named.
 */
export function buildEntries(
  integrations: readonly Integration[],
  schools: SchoolDirectory,
  registryOrganisationName: (oid: string) => LocalisedText | undefined = () => undefined,
): DiscoveryEntry[] {
  return labelLoginMethods(
    integrations.flatMap((integration) => entriesOf(integration, schools, registryOrganisationName)),
    integrations,
  );
}

function entriesOf(
  integration: Integration,
  schools: SchoolDirectory,
  registryName: (oid: string) => LocalisedText | undefined,
): DiscoveryEntry[] {
  const d = integration.discovery;
  const org = schools.byOid(integration.organisationOid);
  // An integration may belong to one school; it is then listed under that school's provider.
  const providerOid =
    org?.kind === 'oppilaitos' && org.parentOid ? org.parentOid : integration.organisationOid;
  const provider = schools.byOid(providerOid);
  const providerName = provider?.names ??
    registryName(providerOid) ??
    registryName(integration.organisationOid) ??
    d.displayName ?? { fi: integration.flowName };
  const group: DiscoveryGroup = { id: providerOid, name: providerName };
  const keywords = [providerName, ...(d.displayName ? [d.displayName] : [])];
  const logo = d.logo ? { logo: d.logo } : {};

  const integrationEntry = (): DiscoveryEntry => ({
    key: entryKey(integration.id, undefined),
    integrationId: integration.id,
    name: d.displayName ?? providerName,
    ...(d.title ? { title: d.title } : {}),
    group,
    ...municipalityOf(org ?? provider),
    keywords,
    ...logo,
  });
  if (!d.showSchools) return [integrationEntry()];

  const listed = listedSchools(integration, org, schools);
  const excluded = new Set(d.excludedSchools);
  const types = d.institutionTypes.map(String);
  const allowedTypes =
    types.length > 0 ? types : d.schools.length > 0 ? undefined : MPASSID_INSTITUTION_TYPES;
  const shown = listed.filter(
    (s) =>
      s.active &&
      !excluded.has(s.oid) &&
      !(s.schoolCode && excluded.has(s.schoolCode)) &&
      (!allowedTypes || (s.institutionType !== undefined && allowedTypes.includes(s.institutionType))),
  );
  if (shown.length === 0) return [integrationEntry()];
  const seen = new Set<string>();
  return shown.flatMap((s) => {
    const school = s.schoolCode ?? s.oid;
    if (seen.has(school)) return [];
    seen.add(school);
    return [
      {
        key: entryKey(integration.id, school),
        integrationId: integration.id,
        school,
        name: s.names,
        title: d.title ?? providerName,
        group,
        ...municipalityOf(s),
        keywords,
        ...logo,
      },
    ];
  });
}

/** `{ municipality }` when the organisation data names the organisation's municipality, else nothing. */
function municipalityOf(org: Organisation | undefined): Pick<DiscoveryEntry, 'municipality'> {
  const names = org?.municipality?.names;
  return names && (names.fi || names.sv) ? { municipality: { ...names } } : {};
}

/** The schools an integration names, or every school of its organisation. */
function listedSchools(
  integration: Integration,
  org: Organisation | undefined,
  schools: SchoolDirectory,
): Organisation[] {
  const d = integration.discovery;
  if (d.schools.length === 0) {
    if (org?.kind === 'oppilaitos') return [org];
    return [...schools.schoolsOf(integration.organisationOid)];
  }
  return d.schools.flatMap((id) => {
    const s = SCHOOL_CODE.test(id) ? schools.bySchoolCode(id) : schools.byOid(id);
    if (s?.kind !== 'oppilaitos') return [];
    // restrictSchoolsToOrganisation: a listed school must belong to the integration's organisation.
    const own =
      s.oid === integration.organisationOid ||
      s.parentOid === integration.organisationOid ||
      (org?.kind === 'oppilaitos' && s.oid === org.oid);
    return !integration.restrictSchoolsToOrganisation || own ? [s] : [];
  });
}
