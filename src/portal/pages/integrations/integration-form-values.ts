import { INTERNAL_NAMES } from '../../../model/attribute-mapping.ts';
import type { Integration } from '../../../registry/integration-schema.ts';
import { defaultMapping } from '../../../upstream/index.ts';
import type { IntegrationInput, WizardType } from '../../commands/integrations/integration-input.ts';
import { registryTypeOf } from '../../commands/integrations/integration-input.ts';

/** The form's values by field name (`settings.hostname`, `discovery.schools`, …), as posted or as stored. */
export type FormValues = Record<string, string | string[]>;

/** The fields of step 2 per type: what school IT gives back (docs/integrations/<type>.md). */
export type FieldKind = 'text' | 'url' | 'secret' | 'xml';
export const TYPE_FIELDS: Record<WizardType, readonly { name: string; kind: FieldKind }[]> = {
  saml: samlFields(),
  adfs: samlFields(),
  google: samlFields(),
  entra: [
    { name: 'settings.tenantId', kind: 'text' },
    { name: 'settings.clientId', kind: 'text' },
    { name: 'secrets.clientSecret', kind: 'secret' },
  ],
  'entra-oidc': [
    { name: 'settings.tenantId', kind: 'text' },
    { name: 'settings.clientId', kind: 'text' },
    { name: 'secrets.clientSecret', kind: 'secret' },
  ],
  oidc: [
    { name: 'settings.issuer', kind: 'url' },
    { name: 'settings.clientId', kind: 'text' },
    { name: 'secrets.clientSecret', kind: 'secret' },
    { name: 'settings.scopes', kind: 'text' },
  ],
  wilma: [
    { name: 'settings.hostname', kind: 'text' },
    { name: 'secrets.sharedSecret', kind: 'secret' },
    { name: 'settings.baseUrl', kind: 'url' },
  ],
  opinsys: [
    { name: 'settings.organisationDomain', kind: 'text' },
    { name: 'secrets.sharedSecret', kind: 'secret' },
    { name: 'settings.bindDn', kind: 'text' },
    { name: 'secrets.clientKey', kind: 'secret' },
    { name: 'settings.apiBaseUrl', kind: 'url' },
  ],
};

/**
 * "Other settings": options of the type's settings schema the wizard's step 2 does not ask for
 * (src/upstream/entra/entra-settings.ts, src/upstream/oidc/oidc-connector.ts, saml-sp-settings.ts). A
 * choice is `''` (the schema's default), `'true'` or `'false'`, so an unchanged form keeps what an import set.
 */
export type OtherFieldKind = 'list' | 'date' | 'choice';
const SIGNING_OPTIONS = [
  { name: 'settings.signAuthnRequests', kind: 'choice' },
  { name: 'settings.requireSignedAssertion', kind: 'choice' },
  { name: 'settings.requireSignedResponse', kind: 'choice' },
  { name: 'settings.wantEncryptedAssertions', kind: 'choice' },
] as const;
const SECRET_EXPIRY = { name: 'settings.clientSecretValidUntil', kind: 'date' } as const;
export const OTHER_FIELDS: Record<WizardType, readonly { name: string; kind: OtherFieldKind }[]> = {
  saml: SIGNING_OPTIONS,
  adfs: SIGNING_OPTIONS,
  google: SIGNING_OPTIONS,
  entra: [SECRET_EXPIRY, ...SIGNING_OPTIONS],
  'entra-oidc': [SECRET_EXPIRY, { name: 'settings.graphAttributes', kind: 'list' }],
  oidc: [SECRET_EXPIRY],
  wilma: [],
  opinsys: [],
};

/** The SAML metadata file input of the SAML types' forms; its text is taken as pasted metadata XML. */
export const METADATA_FILE_FIELD = 'settings.metadataFile';

function samlFields() {
  return [
    { name: 'settings.metadataUrl', kind: 'url' },
    { name: 'settings.metadataXml', kind: 'xml' },
    { name: 'settings.entityId', kind: 'text' },
  ] as const;
}

/** A new integration's form: the type's default attribute names filled in, every school shown. */
export function newFormValues(type: WizardType, flowName: string): FormValues {
  const defaults = defaultMapping(registryTypeOf(type));
  return {
    flowName,
    'discovery.showSchools': 'true',
    allowedServicesMode: 'all',
    ...Object.fromEntries(INTERNAL_NAMES.map((n) => [`mapping.${n}`, defaults[n]])),
  };
}

/** A stored integration as the edit form shows it (secrets never: they stay empty = kept). */
export function storedFormValues(type: WizardType, integration: Omit<Integration, 'secrets'>): FormValues {
  const values: FormValues = { ...newFormValues(type, integration.flowName) };
  for (const [name, value] of Object.entries(integration.settings)) {
    if (typeof value === 'string') values[`settings.${name}`] = value;
    else if (Array.isArray(value)) values[`settings.${name}`] = value.join(' ');
    else if (typeof value === 'boolean') values[`settings.${name}`] = String(value);
  }
  for (const [name, value] of Object.entries(integration.mapping)) {
    if (typeof value === 'string') values[`mapping.${name}`] = value;
  }
  const d = integration.discovery;
  for (const lang of ['fi', 'sv', 'en'] as const) {
    values[`discovery.displayName.${lang}`] = d.displayName?.[lang] ?? '';
    values[`discovery.title.${lang}`] = d.title?.[lang] ?? '';
  }
  values['discovery.showSchools'] = d.showSchools ? 'true' : '';
  values['discovery.schools'] = d.schools;
  values['discovery.excludedSchools'] = d.excludedSchools;
  values['discovery.institutionTypes'] = d.institutionTypes.join(', ');
  values.allowedServicesMode = integration.allowedServices.length > 0 ? 'selected' : 'all';
  values.allowedServices = integration.allowedServices;
  return values;
}

/** The posted form's values (urlencoded: a repeated name is an array). */
export function postedFormValues(body: unknown): FormValues {
  const values: FormValues = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return values;
}

export const one = (values: FormValues, name: string): string => {
  const v = values[name];
  return typeof v === 'string' ? v : (v?.[0] ?? '');
};
export const many = (values: FormValues, name: string): string[] => {
  const v = values[name];
  return v === undefined ? [] : typeof v === 'string' ? [v] : v;
};

/** The command's input from the form (the command validates every value). */
export function inputOfForm(type: WizardType, values: FormValues): IntegrationInput {
  const settings: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const field of TYPE_FIELDS[type]) {
    const [group, name] = field.name.split('.');
    if (!name) continue;
    if (group === 'settings') settings[name] = one(values, field.name);
    else secrets[name] = one(values, field.name);
  }
  // Only what the form sent: a client that does not know these fields leaves the stored values alone.
  for (const field of OTHER_FIELDS[type]) {
    const name = field.name.slice('settings.'.length);
    if (values[field.name] !== undefined) settings[name] = one(values, field.name);
  }
  const mapping: Record<string, string> = {};
  for (const n of INTERNAL_NAMES) mapping[n] = one(values, `mapping.${n}`);
  const localised = (prefix: string) => ({
    fi: one(values, `${prefix}.fi`),
    sv: one(values, `${prefix}.sv`),
    en: one(values, `${prefix}.en`),
  });
  const institutionTypes = one(values, 'discovery.institutionTypes')
    .split(/[\s,]+/)
    .filter((s) => s !== '')
    .map(Number);
  return {
    flowName: one(values, 'flowName'),
    settings,
    secrets,
    mapping,
    discovery: {
      displayName: localised('discovery.displayName'),
      title: localised('discovery.title'),
      showSchools: one(values, 'discovery.showSchools') === 'true',
      schools: many(values, 'discovery.schools'),
      excludedSchools: many(values, 'discovery.excludedSchools'),
      institutionTypes: institutionTypes.filter((n) => Number.isInteger(n)),
    },
    allowedServices: one(values, 'allowedServicesMode') === 'selected' ? many(values, 'allowedServices') : [],
  };
}
