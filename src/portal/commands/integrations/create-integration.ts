import { randomInt } from 'node:crypto';
import { ErrorCodes } from '../../../core/error-codes.ts';
import { fail } from '../../../core/errors.ts';
import { pickText } from '../../../core/language.ts';
import type { Organisation } from '../../../registry/organisation-schema.ts';
import type { RegistryRepository } from '../../../registry/registry-repository.ts';
import type { Principal } from '../../domain/principal.ts';
import { organisationOf, organisationRegistryOf } from '../organisation-registry.ts';
import type { PortalDeps } from '../portal-deps.ts';
import type { SamlMetadataPreview } from './check-saml-metadata.ts';
import { authoriseIntegrations } from './integration-access.ts';
import type { CreateIntegrationInput, WizardType } from './integration-input.ts';
import { checkDepsOf, type IntegrationCommandOptions, loadSavedMetadata } from './integration-save-deps.ts';
import { validateIntegration } from './validate-integration.ts';

export interface SavedIntegration {
  id: string;
  flowName: string;
  revision: number;
  /** The SAML metadata as read on save (entity id, certificates' expiry, validUntil). */
  metadata: SamlMetadataPreview | undefined;
}

/**
 * Creates an integration for an education provider (docs/portal.md "Integrations"): a new 7-digit id,
 * deploymentPhase `test` (production is a separate, later step), the flow name given or suggested from the
 * type and the organisation's name, everything validated on save (validate-integration.ts). One audited
 * registry transaction; a SAML integration's metadata is in the store when this returns.
 */
export async function createIntegration(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  input: CreateIntegrationInput,
  ip: string,
  options: IntegrationCommandOptions = {},
): Promise<SavedIntegration> {
  await authoriseIntegrations(
    deps,
    principal,
    organisationId,
    { what: 'create an integration', change: true },
    ip,
  );
  const registry = organisationRegistryOf(deps);
  const organisation = await organisationOf(registry, organisationId);
  if (!organisation.roles.includes('educationProvider'))
    fail(ErrorCodes.REQUEST_INVALID, `${organisationId} is not an education provider`);
  const id = await newIntegrationId(registry.repo);
  const flowName = input.flowName?.trim() || (await suggestFlowName(registry.repo, input.type, organisation));
  const { doc, metadata } = await validateIntegration(checkDepsOf(deps, options), {
    type: input.type,
    id,
    organisationOid: organisationId,
    flowName,
    deploymentPhase: 'test',
    status: input.status ?? 'active',
    input,
    storedSecrets: {},
  });
  await registry.repo.upsertMany(
    [{ kind: 'integration', doc, expectedRevision: 0 }],
    `portal:${principal.email}`,
  );
  await loadSavedMetadata(deps, doc, doc.secrets ?? {});
  return { id, flowName: doc.flowName, revision: 1, metadata };
}

/** A 7-digit id no integration has (model/user-id.ts: ids are part of every user's uid). */
async function newIntegrationId(repo: RegistryRepository): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = String(randomInt(1_000_000, 10_000_000));
    if (!(await repo.find('integration', id))) return id;
  }
  fail(ErrorCodes.REGISTRY_CONFLICT, 'could not find a free integration id');
}

/**
 * A flow name from the type and the organisation's name (`wilma-esimerkkikunta`), unique among the
 * registry's flow names; it appears in `urn:mpass.id:authnsource:<flowName>` and in the school's return
 * addresses, so it is readable and stable.
 */
export async function suggestFlowName(
  repo: RegistryRepository,
  type: WizardType,
  organisation: Pick<Organisation, 'name'>,
): Promise<string> {
  const name = pickText(organisation.name, 'fi')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const base = name ? `${type}-${name}` : type;
  const taken = new Set((await repo.list('integration')).map((i) => i.doc.flowName.toLowerCase()));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
