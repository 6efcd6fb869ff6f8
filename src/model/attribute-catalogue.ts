import type { ModelVersion } from './model-version.ts';

/**
 * The attribute catalogue (docs/data-model.md is generated from it): one table that the resolver, both
 * renderers, the docs page and the tests read. Rows follow docs/data-model.md "Attributes" in its order.
 * Legacy attributes (municipality, CryptID, role_v1.1) are deliberately absent: docs/decisions-data-model.md.
 */
export const DATA_NAMES = [
  'surname',
  'firstName',
  'nickname',
  'uid',
  'learnerId',
  'schoolCode',
  'school',
  'schoolInfo',
  'class',
  'classLevel',
  'role',
  'educationProviderId',
  'educationProvider',
  'educationProviderInfo',
  'learningMaterialsCharge',
  'originalIssuer',
] as const;

export type DataName = (typeof DATA_NAMES)[number];

/** Where a value comes from: the school's directory, OPH organisation data, or Passi itself. */
export type AttributeSource = 'educationProvider' | 'organisationData' | 'composed' | 'passi';

export interface CatalogueEntry {
  name: DataName;
  samlName: string;
  friendlyName: string;
  oidcClaim: string;
  multi: boolean;
  since: ModelVersion;
  source: AttributeSource;
  label: { fi: string; en: string };
  example: string;
  description: string;
}

export const SAML_NAME_FORMAT_URI = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';

export const ATTRIBUTE_CATALOGUE: readonly CatalogueEntry[] = [
  {
    name: 'surname',
    samlName: 'urn:oid:2.5.4.4',
    friendlyName: 'sn',
    oidcClaim: 'family_name',
    multi: false,
    since: '1.0',
    source: 'educationProvider',
    label: { fi: 'Sukunimi', en: 'Family name' },
    example: 'Oppilas1',
    description: 'Not validated; left out when missing.',
  },
  {
    name: 'firstName',
    samlName: 'urn:oid:2.5.4.42',
    friendlyName: 'givenName',
    oidcClaim: 'given_name',
    multi: false,
    since: '1.0',
    source: 'educationProvider',
    label: { fi: 'Etunimi', en: 'Given name' },
    example: 'Testi1',
    description: 'Not validated; left out when missing.',
  },
  {
    name: 'nickname',
    samlName: 'urn:mpass.id:nickname',
    friendlyName: 'nickname',
    oidcClaim: 'urn:mpass.id:nickname',
    multi: false,
    since: '1.4',
    source: 'educationProvider',
    label: { fi: 'Kutsumanimi', en: 'Nickname' },
    example: 'Kutsumanimi1',
    description: 'Optional.',
  },
  {
    name: 'uid',
    samlName: 'urn:mpass.id:uid',
    friendlyName: 'mpassUsername',
    oidcClaim: 'urn:mpass.id:uid',
    multi: false,
    since: '1.0',
    source: 'passi',
    label: { fi: 'Yksilöllinen tunniste', en: 'User ID' },
    example: 'MPASSOID.c6329e82913e265b3a79c11a043fdab8b06b1a9e',
    description:
      '`MPASSOID.` + SHA-1 hex of integration id + directory id. Mandatory: without it nothing is sent.',
  },
  {
    name: 'learnerId',
    samlName: 'urn:oid:1.3.6.1.4.1.16161.1.1.27',
    friendlyName: 'learnerId',
    oidcClaim: 'urn:oid:1.3.6.1.4.1.16161.1.1.27',
    multi: false,
    since: '1.1',
    source: 'educationProvider',
    label: { fi: 'Oppijanumero', en: 'National learner ID' },
    example: '1.2.246.562.24.10000000016',
    description:
      'Mandatory: missing or invalid blocks the login. Test ids (`1.2.246.562.98.*`) only for services that allow them.',
  },
  {
    name: 'schoolCode',
    samlName: 'urn:mpass.id:schoolCode',
    friendlyName: 'mpassSchoolCode',
    oidcClaim: 'urn:mpass.id:schoolCode',
    multi: true,
    since: '1.0',
    source: 'educationProvider',
    label: { fi: 'Oppilaitostunnus', en: 'School code' },
    example: '30076',
    description:
      'Statistics Finland 5-digit school code. Not sent for a school position without a valid role.',
  },
  {
    name: 'school',
    samlName: 'urn:mpass.id:school',
    friendlyName: 'mpassSchool',
    oidcClaim: 'urn:mpass.id:school',
    multi: true,
    since: '1.0',
    source: 'organisationData',
    label: { fi: 'Oppilaitoksen nimi', en: 'School name' },
    example: 'Mansikkalan testi peruskoulu',
    description: 'Finnish name from the organisation data; only for active schools.',
  },
  {
    name: 'schoolInfo',
    samlName: 'urn:mpass.id:schoolInfo',
    friendlyName: 'mpassSchoolInfo',
    oidcClaim: 'urn:mpass.id:schoolInfo',
    multi: true,
    since: '1.2',
    source: 'composed',
    label: { fi: 'Oppilaitostiedot', en: 'School info' },
    example: '30076;Mansikkalan testi peruskoulu',
    description: '`code;name` and (1.4) `schoolOid;name`; an office also adds `officeOid;officeName`.',
  },
  {
    name: 'class',
    samlName: 'urn:mpass.id:class',
    friendlyName: 'mpassClass',
    oidcClaim: 'urn:mpass.id:class',
    multi: false,
    since: '1.0',
    source: 'educationProvider',
    label: { fi: 'Luokka', en: 'Class or group' },
    example: '7B',
    description: 'Only the first class is released (as MPASSid does); all classes appear in `role`.',
  },
  {
    name: 'classLevel',
    samlName: 'urn:mpass.id:classLevel',
    friendlyName: 'mpassClassLevel',
    oidcClaim: 'urn:mpass.id:classLevel',
    multi: false,
    since: '1.1',
    source: 'educationProvider',
    label: { fi: 'Luokka-aste', en: 'Class level' },
    example: '7',
    description: 'Integer (0 pre-primary … 10); the first value only; non-integers are dropped.',
  },
  {
    name: 'role',
    samlName: 'urn:mpass.id:role',
    friendlyName: 'mpassRole',
    oidcClaim: 'urn:mpass.id:role',
    multi: true,
    since: '1.0',
    source: 'composed',
    label: { fi: 'Rooli', en: 'Role' },
    example: '1.2.246.562.99.00000000001;30076;9F;Oppilas;1;1.2.246.562.99.00000000002;',
    description:
      '1.4: `providerOid;schoolCode;class;Role;roleCode;schoolOid;officeOid` (7 fields, empty allowed).',
  },
  {
    name: 'educationProviderId',
    samlName: 'urn:mpass.id:educationProviderId',
    friendlyName: 'mpassEducationProviderOid',
    oidcClaim: 'urn:mpass.id:educationProviderId',
    multi: true,
    since: '1.1',
    source: 'organisationData',
    label: { fi: 'Koulutustoimijan OID', en: 'Education provider OID' },
    example: '1.2.246.562.99.00000000001',
    description: 'Parent koulutustoimija of each resolved school.',
  },
  {
    name: 'educationProvider',
    samlName: 'urn:mpass.id:educationProvider',
    friendlyName: 'mpassEducationProviderName',
    oidcClaim: 'urn:mpass.id:educationProvider',
    multi: true,
    since: '1.1',
    source: 'organisationData',
    label: { fi: 'Koulutustoimijan nimi', en: 'Education provider name' },
    example: 'Mansikkalan testikoulutustoimija',
    description: 'Finnish name of the education provider.',
  },
  {
    name: 'educationProviderInfo',
    samlName: 'urn:mpass.id:educationProviderInfo',
    friendlyName: 'mpassEducationProviderInfo',
    oidcClaim: 'urn:mpass.id:educationProviderInfo',
    multi: true,
    since: '1.2',
    source: 'composed',
    label: { fi: 'Koulutustoimijan tiedot', en: 'Education provider info' },
    example: '1.2.246.562.99.00000000001;Mansikkalan testikoulutustoimija',
    description: '`providerOid;providerName`.',
  },
  {
    name: 'learningMaterialsCharge',
    samlName: 'urn:mpass.id:learningMaterialsCharge',
    friendlyName: 'mpassLearningMaterialsCharge',
    oidcClaim: 'urn:mpass.id:learningMaterialsCharge',
    multi: true,
    since: '1.3',
    source: 'composed',
    label: { fi: 'Oppimateriaalien maksullisuus', en: 'Learning materials charge' },
    example: '1;30076',
    description: 'Students only: `charge;schoolCode` and (1.4) `charge;schoolOid`; 0 = free, 1 = paid.',
  },
  {
    name: 'originalIssuer',
    samlName: 'urn:mpass.id:originalIssuer',
    friendlyName: 'originalIssuer',
    oidcClaim: 'urn:mpass.id:originalIssuer',
    multi: false,
    since: '1.0',
    source: 'passi',
    label: { fi: 'Alkuperäinen välittäjä', en: 'Original issuer' },
    example: '1.2.246.562.99.00000000001',
    description: 'OID of the organisation that owns the integration the user logged in through.',
  },
];
