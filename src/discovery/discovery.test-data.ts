import type { Organisation } from '../orgdata/organisation.ts';
import { type Integration, integrationSchema } from '../registry/integration-schema.ts';

/**
 * Synthetic test organisations (test OID branch 1.2.246.562.99.*; not real schools). Provider B's schools
 * are placed in real municipalities of Åboland, with the code-list names of koodisto `kunta` (445
 * Parainen/Pargas, 322 Kemiönsaari/Kimitoön); provider A's have no municipality.
 */
export const PROVIDER_A = '1.2.246.562.99.00000000101';
export const PROVIDER_B = '1.2.246.562.99.00000000201';

const org = (oid: string, names: Organisation['names'], extra: Partial<Organisation> = {}): Organisation => ({
  oid,
  kind: 'oppilaitos',
  names,
  active: true,
  source: 'synthetic test data',
  ...extra,
});

export const TEST_ORGANISATIONS: Organisation[] = [
  org(PROVIDER_A, { fi: 'Ähtärin kaupunki', sv: 'Etseri stad' }, { kind: 'koulutustoimija' }),
  org(
    '1.2.246.562.99.00000000102',
    { fi: 'Ähtärin yläkoulu' },
    { schoolCode: '91001', institutionType: '11', parentOid: PROVIDER_A },
  ),
  org(
    '1.2.246.562.99.00000000103',
    { fi: 'Ähtärin lukio', sv: 'Etseri gymnasium' },
    { schoolCode: '91002', institutionType: '15', parentOid: PROVIDER_A },
  ),
  org(
    '1.2.246.562.99.00000000104',
    { fi: 'Ähtärin musiikkikoulu' },
    { schoolCode: '91003', institutionType: '61', parentOid: PROVIDER_A },
  ),
  org(
    '1.2.246.562.99.00000000105',
    { fi: 'Ähtärin vanha koulu' },
    { schoolCode: '91004', institutionType: '11', parentOid: PROVIDER_A, active: false },
  ),
  org(
    '1.2.246.562.99.00000000106',
    { fi: 'Ähtärin päiväkoti' },
    { schoolCode: '91005', institutionType: '99', parentOid: PROVIDER_A },
  ),
  org(PROVIDER_B, { fi: 'Åbolands skolor', sv: 'Åbolands skolor' }, { kind: 'koulutustoimija' }),
  org(
    '1.2.246.562.99.00000000202',
    { fi: 'Kirkkomäen koulu', sv: 'Kyrkbackens skola' },
    {
      schoolCode: '92001',
      institutionType: '11',
      parentOid: PROVIDER_B,
      municipality: { code: '445', names: { fi: 'Parainen', sv: 'Pargas' } },
    },
  ),
  org(
    '1.2.246.562.99.00000000203',
    { fi: 'Koulumäen koulu' },
    {
      schoolCode: '92002',
      institutionType: '11',
      parentOid: PROVIDER_B,
      municipality: { code: '322', names: { fi: 'Kemiönsaari', sv: 'Kimitoön' } },
    },
  ),
];

/** A registry integration with the schema's defaults; `discovery` fields override the defaults. */
export function testIntegration(
  id: string,
  organisationOid: string,
  discovery: Partial<Integration['discovery']> = {},
  extra: Record<string, unknown> = {},
): Integration {
  return integrationSchema.parse({
    id,
    organisationOid,
    type: 'test-directory',
    flowName: `Flow${id}`,
    discovery: {
      showSchools: true,
      schools: [],
      excludedSchools: [],
      institutionTypes: [],
      tags: [],
      ...discovery,
    },
    ...extra,
  });
}
