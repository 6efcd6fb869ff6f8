import type { Clock } from '../../../core/clock.ts';
import { INTERNAL_NAMES } from '../../../model/attribute-mapping.ts';
import { activeSchoolsOf } from '../../../orgdata/find-organisations.ts';
import type { OrgdataLookup } from '../../../orgdata/orgdata-lookup.ts';
import type { FetchLike } from '../../../outbound/outbound-fetch.ts';
import {
  type Integration,
  integrationSchema,
  SETTINGS_KIND_OF_TYPE,
} from '../../../registry/integration-schema.ts';
import type { RegistryRepository } from '../../../registry/registry-repository.ts';
import { entraIssuer } from '../../../upstream/entra-oidc/entra-oidc-connector.ts';
import { CONNECTOR_MODULES, defaultMapping } from '../../../upstream/index.ts';
import { logsInOverSaml } from '../../../upstream/saml/idp-metadata-schedule.ts';
import { entraMetadataUrl } from '../../../upstream/saml/saml-sp-settings.ts';
import { checkIntegrationUrl } from './check-integration-urls.ts';
import { checkOidcDiscovery } from './check-oidc-discovery.ts';
import { checkSamlMetadata, type SamlMetadataPreview } from './check-saml-metadata.ts';
import type { IntegrationInput, WizardType } from './integration-input.ts';
import { registryTypeOf } from './integration-input.ts';
import { type IntegrationIssue, IntegrationValidationError, issue } from './integration-issues.ts';

/** Settings holding addresses (every type's URL fields, docs/integrations/*.md). */
const URL_SETTINGS = ['metadataUrl', 'issuer', 'baseUrl', 'apiBaseUrl', 'loginBaseUrl', 'graphBaseUrl'];
/** Settings entered as lists in a form (one per line or comma-separated). */
const LIST_SETTINGS = new Set(['scopes', 'graphAttributes']);
/** Settings entered as yes/no. */
const BOOLEAN_SETTINGS = new Set([
  'signAuthnRequests',
  'wantEncryptedAssertions',
  'requireSignedAssertion',
  'requireSignedResponse',
  'userinfo',
]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Client secrets and shared secrets as the school's systems issue them: printable ASCII without spaces
 * (a pasted line break or space is the usual mistake), at least 16 characters (a shorter HMAC key or client
 * secret is guessable; Entra's are 40, Wilma's and Puavo's longer).
 */
const SECRET_SHAPE = /^[\x21-\x7e]{16,4000}$/;
/** Which secrets a type cannot log in without (the OIDC client may be public: PKCE, no secret). */
const REQUIRED_SECRETS: Partial<Record<WizardType, readonly string[]>> = {
  wilma: ['sharedSecret'],
  opinsys: ['sharedSecret'],
  entra: ['clientSecret'],
  'entra-oidc': ['clientSecret'],
};

export interface IntegrationCheckDeps {
  clock: Clock;
  repo: RegistryRepository;
  orgdata: (() => OrgdataLookup) | undefined;
  /** Transport of the live checks (tests); default the global fetch. */
  fetch?: FetchLike;
}

export interface IntegrationDraft {
  type: WizardType;
  id: string;
  organisationOid: string;
  flowName: string;
  deploymentPhase: Integration['deploymentPhase'];
  status: Integration['status'];
  input: IntegrationInput;
  /** The stored secrets (an update keeps the ones not given again). */
  storedSecrets: Record<string, string>;
  /** Fields of the stored document the portal does not edit (logo, tags), kept as they are. */
  kept?: Partial<Pick<Integration, 'restrictSchoolsToOrganisation'>> & {
    logo?: string | undefined;
    tags?: string[] | undefined;
  };
}

/**
 * Builds the registry document from what school IT gave and checks it as logins will use it: the
 * registry schema, the address rules, the shapes of ids and secrets, the organisation's own schools and
 * known services, and — only when all of that holds — the live checks (the SAML metadata read now, the
 * OpenID provider's discovery document). Refuses with every issue at once; nothing is written here.
 */
export async function validateIntegration(
  deps: IntegrationCheckDeps,
  draft: IntegrationDraft,
): Promise<{ doc: Integration; metadata: SamlMetadataPreview | undefined }> {
  const issues: IntegrationIssue[] = [];
  const registryType = registryTypeOf(draft.type);
  const settings = cleanSettings(draft.input.settings);
  if (registryType === 'entra') settings.login = draft.type === 'entra-oidc' ? 'oidc' : 'saml';

  issues.push(...checkShapes(draft.type, settings, draft.deploymentPhase));
  const secrets = mergedSecrets(draft, issues);
  const mapping = mappingOverride(draft);
  const discovery = await discoveryOf(deps, draft, issues);
  await checkFlowName(deps.repo, draft, issues);
  await checkAllowedServices(deps.repo, draft.input.allowedServices, issues);

  const candidate = {
    id: draft.id,
    organisationOid: draft.organisationOid,
    type: registryType,
    flowName: draft.flowName,
    deploymentPhase: draft.deploymentPhase,
    status: draft.status,
    settings: { kind: SETTINGS_KIND_OF_TYPE[registryType], ...settings },
    mapping,
    discovery,
    allowedServices: draft.input.allowedServices,
    ...(draft.kept?.restrictSchoolsToOrganisation === undefined
      ? {}
      : { restrictSchoolsToOrganisation: draft.kept.restrictSchoolsToOrganisation }),
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
  };
  const parsed = integrationSchema.safeParse(candidate);
  if (!parsed.success) {
    const taken = new Set(issues.map((i) => i.path));
    for (const z of parsed.error.issues) {
      const path = z.path.join('.');
      if (taken.has(path) || [...taken].some((t) => path.startsWith(`${t}.`))) continue;
      const missing = z.code === 'invalid_type' && z.message.includes('undefined');
      issues.push(issue(path, missing ? 'required' : 'invalid', z.message));
      taken.add(path);
    }
  }
  if (issues.length > 0 || !parsed.success) throw new IntegrationValidationError(issues);

  const doc = parsed.data;
  const metadata = await liveChecks(deps, draft, doc, issues);
  if (issues.length > 0) throw new IntegrationValidationError(issues);
  return { doc, metadata };
}

/** Form and API values as the settings schema takes them: trimmed, empty left out, lists and booleans read. */
function cleanSettings(input: IntegrationInput['settings']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (name === 'kind' || name === 'login') continue;
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed === '') continue;
      if (LIST_SETTINGS.has(name)) out[name] = trimmed.split(/[\s,]+/).filter((s) => s !== '');
      else if (BOOLEAN_SETTINGS.has(name)) out[name] = trimmed === 'true' || trimmed === 'on';
      else if (name === 'metadataRefreshHours') out[name] = Number(trimmed);
      // The metadata XML is kept byte for byte: its digest identifies the stored copy.
      else out[name] = name === 'metadataXml' ? value : trimmed;
    } else {
      out[name] = value;
    }
  }
  return out;
}

function checkShapes(type: WizardType, settings: Record<string, unknown>, phase: string): IntegrationIssue[] {
  const issues: IntegrationIssue[] = [];
  for (const name of URL_SETTINGS) {
    const value = settings[name];
    if (typeof value !== 'string') continue;
    const found = checkIntegrationUrl(`settings.${name}`, value, phase);
    if (found) issues.push(found);
  }
  if (type === 'entra' || type === 'entra-oidc') {
    // Entra's tenant and application (client) ids are GUIDs (Azure portal, "Overview" of the app registration).
    for (const [name, code] of [
      ['tenantId', 'tenant-id'],
      ['clientId', 'client-id'],
    ] as const) {
      const value = settings[name];
      if (value === undefined) issues.push(issue(`settings.${name}`, 'required', 'is required'));
      else if (typeof value !== 'string' || !GUID.test(value))
        issues.push(
          issue(`settings.${name}`, code, 'must be a GUID like 00000000-0000-0000-0000-000000000000'),
        );
      else settings[name] = value.toLowerCase();
    }
  }
  const host = type === 'wilma' ? 'hostname' : type === 'opinsys' ? 'organisationDomain' : undefined;
  if (host !== undefined) {
    const value = settings[host];
    if (value === undefined) issues.push(issue(`settings.${host}`, 'required', 'is required'));
    else if (
      typeof value !== 'string' ||
      !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/i.test(value)
    )
      issues.push(
        issue(`settings.${host}`, 'hostname', 'must be a host name like koulu.inschool.fi, without https://'),
      );
  }
  const samlTypes: readonly WizardType[] = ['adfs', 'google', 'saml'];
  if (samlTypes.includes(type) && settings.metadataUrl === undefined && settings.metadataXml === undefined)
    issues.push(
      issue('settings.metadataUrl', 'required', 'give the metadata address or paste the metadata XML'),
    );
  if (type === 'oidc' && settings.issuer === undefined)
    issues.push(issue('settings.issuer', 'required', 'is required'));
  return issues;
}

function mergedSecrets(draft: IntegrationDraft, issues: IntegrationIssue[]): Record<string, string> {
  const allowed = CONNECTOR_MODULES[registryTypeOf(draft.type)].secrets;
  const merged: Record<string, string> = {};
  for (const name of allowed) {
    const stored = draft.storedSecrets[name];
    if (stored !== undefined) merged[name] = stored;
  }
  for (const [name, raw] of Object.entries(draft.input.secrets)) {
    const value = raw.trim();
    if (value === '') continue;
    if (!allowed.includes(name)) {
      issues.push(
        issue(`secrets.${name}`, 'invalid', `is not a secret of this type (${allowed.join(', ') || 'none'})`),
      );
      continue;
    }
    if (!SECRET_SHAPE.test(value)) {
      issues.push(
        issue(
          `secrets.${name}`,
          'secret-shape',
          'must be at least 16 characters without spaces or line breaks',
        ),
      );
      continue;
    }
    merged[name] = value;
  }
  for (const name of REQUIRED_SECRETS[draft.type] ?? []) {
    if (merged[name] === undefined && !issues.some((i) => i.path === `secrets.${name}`))
      issues.push(issue(`secrets.${name}`, 'required', 'is required'));
  }
  return merged;
}

/** Only the names that differ from the type's defaults are stored: a default changed later still applies. */
function mappingOverride(draft: IntegrationDraft): Record<string, string> {
  const defaults = defaultMapping(registryTypeOf(draft.type));
  const out: Record<string, string> = {};
  for (const name of INTERNAL_NAMES) {
    const value = draft.input.mapping[name]?.trim();
    if (value && value !== defaults[name]) out[name] = value;
  }
  return out;
}

async function discoveryOf(deps: IntegrationCheckDeps, draft: IntegrationDraft, issues: IntegrationIssue[]) {
  const d = draft.input.discovery;
  const localised = (t: { fi?: string; sv?: string; en?: string } | undefined) => {
    const out: Record<string, string> = {};
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const v = t?.[lang]?.trim();
      if (v) out[lang] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const schools = uniq(d.schools ?? []);
  const excluded = uniq(d.excludedSchools ?? []);
  const lookup = deps.orgdata?.();
  if (lookup) {
    // Only the organisation's own schools (the organisation data's parent link): another provider's
    // school listed here would send its pupils to this school's IdP.
    const own = new Set(
      activeSchoolsOf(lookup, draft.organisationOid).flatMap((s) =>
        s.schoolCode ? [s.oid, s.schoolCode] : [s.oid],
      ),
    );
    for (const [path, list] of [
      ['discovery.schools', schools],
      ['discovery.excludedSchools', excluded],
    ] as const) {
      const unknown = list.filter((s) => !own.has(s));
      if (unknown.length > 0)
        issues.push(
          issue(path, 'unknown-school', 'is not a school of this organisation', unknown.join(', ')),
        );
    }
  }
  const displayName = localised(d.displayName);
  const title = localised(d.title);
  return {
    ...(displayName ? { displayName } : {}),
    ...(title ? { title } : {}),
    ...(draft.kept?.logo ? { logo: draft.kept.logo } : {}),
    showSchools: d.showSchools ?? true,
    schools,
    excludedSchools: excluded,
    institutionTypes: uniq(d.institutionTypes ?? []),
    tags: draft.kept?.tags ?? [],
  };
}

async function checkFlowName(repo: RegistryRepository, draft: IntegrationDraft, issues: IntegrationIssue[]) {
  const other = (await repo.list('integration')).find(
    (i) => i.doc.flowName.toLowerCase() === draft.flowName.toLowerCase() && i.id !== draft.id,
  );
  if (other)
    issues.push(
      issue('flowName', 'flow-name-taken', 'is already used by another integration; choose another'),
    );
}

async function checkAllowedServices(
  repo: RegistryRepository,
  ids: readonly string[],
  issues: IntegrationIssue[],
) {
  if (ids.length === 0) return;
  const known = new Set([
    ...(await repo.list('serviceSet')).map((s) => s.id),
    ...(await repo.list('service')).map((s) => s.id),
  ]);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0)
    issues.push(
      issue('allowedServices', 'unknown-service', 'names no service set or service', unknown.join(', ')),
    );
}

async function liveChecks(
  deps: IntegrationCheckDeps,
  draft: IntegrationDraft,
  doc: Integration,
  issues: IntegrationIssue[],
): Promise<SamlMetadataPreview | undefined> {
  const httpsOnly = doc.deploymentPhase !== 'test';
  const settings = doc.settings;
  const checkDeps = { clock: deps.clock, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
  if (logsInOverSaml(doc) && (settings.kind === 'saml' || settings.kind === 'entra')) {
    const xml = settings.metadataXml;
    const url =
      settings.metadataUrl ?? (settings.kind === 'entra' ? entraMetadataUrl(settings.tenantId) : undefined);
    const source =
      xml !== undefined && xml.trim() !== ''
        ? { kind: 'xml' as const, xml, path: 'settings.metadataXml' }
        : url !== undefined
          ? { kind: 'url' as const, url, path: 'settings.metadataUrl' }
          : undefined;
    if (source === undefined) return undefined;
    const result = await checkSamlMetadata(checkDeps, source, {
      httpsOnly,
      expectedEntityId: settings.entityId,
    });
    if ('issue' in result) {
      issues.push(result.issue);
      return undefined;
    }
    return result.preview;
  }
  if (settings.kind === 'oidc') {
    const found = await checkOidcDiscovery(checkDeps, settings.issuer, 'settings.issuer', { httpsOnly });
    if (found) issues.push(found);
  }
  if (settings.kind === 'entra' && draft.type === 'entra-oidc') {
    const found = await checkOidcDiscovery(checkDeps, entraIssuer(settings), 'settings.tenantId', {
      httpsOnly,
    });
    if (found) issues.push(found);
  }
  return undefined;
}

function uniq<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
