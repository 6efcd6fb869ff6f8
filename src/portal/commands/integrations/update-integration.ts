import { ErrorCodes } from '../../../core/error-codes.ts';
import { fail } from '../../../core/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { organisationRegistryOf } from '../organisation-registry.ts';
import type { PortalDeps } from '../portal-deps.ts';
import type { SavedIntegration } from './create-integration.ts';
import { authoriseIntegrations } from './integration-access.ts';
import { type UpdateIntegrationInput, wizardTypeOf } from './integration-input.ts';
import { checkDepsOf, type IntegrationCommandOptions, loadSavedMetadata } from './integration-save-deps.ts';
import { validateIntegration } from './validate-integration.ts';

/**
 * Changes an integration's settings, secrets, mapping, discovery information and allowed services; its id,
 * type and deployment phase stay (the phase has its own step). With `expectedRevision` the change is
 * refused (REGISTRY_REVISION_CONFLICT, 409, naming who changed it last and when) if someone saved after
 * the form was read — checked under the row lock in the registry repository, so two concurrent saves
 * cannot both pass. Secrets left empty keep their stored values.
 */
export async function updateIntegration(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  integrationId: string,
  input: UpdateIntegrationInput,
  ip: string,
  options: IntegrationCommandOptions = {},
): Promise<SavedIntegration> {
  await authoriseIntegrations(
    deps,
    principal,
    organisationId,
    { what: 'change an integration', change: true },
    ip,
  );
  const { repo } = organisationRegistryOf(deps);
  const stored = await repo.find('integration', integrationId);
  if (!stored || stored.doc.organisationOid !== organisationId)
    fail(ErrorCodes.NOT_FOUND, `no integration ${integrationId} in ${organisationId}`);
  const type = wizardTypeOf(stored.doc);
  if (type === undefined)
    fail(ErrorCodes.REQUEST_INVALID, `a ${stored.doc.type} integration is changed by an operator's import`);
  const { expectedRevision, ...given } = input;
  // Settings the form does not show (signing and encryption options an operator's import set) are kept;
  // a field given empty clears its setting.
  const kept = Object.fromEntries(
    Object.entries(stored.doc.settings).filter(
      (entry): entry is [string, string | boolean | number | string[]] =>
        entry[0] !== 'kind' &&
        entry[0] !== 'login' &&
        (['string', 'boolean', 'number'].includes(typeof entry[1]) ||
          (Array.isArray(entry[1]) && entry[1].every((v) => typeof v === 'string'))),
    ),
  );
  const rest = { ...given, settings: { ...kept, ...given.settings } };
  const { doc, metadata } = await validateIntegration(checkDepsOf(deps, options), {
    type,
    id: stored.id,
    organisationOid: organisationId,
    flowName: rest.flowName?.trim() || stored.doc.flowName,
    deploymentPhase: stored.doc.deploymentPhase,
    status: rest.status ?? stored.doc.status,
    input: rest,
    storedSecrets: stored.secrets,
    kept: {
      restrictSchoolsToOrganisation: stored.doc.restrictSchoolsToOrganisation,
      logo: stored.doc.discovery.logo,
      tags: stored.doc.discovery.tags,
    },
  });
  const { changed } = await repo.upsertMany(
    [{ kind: 'integration', doc, ...(expectedRevision === undefined ? {} : { expectedRevision }) }],
    `portal:${principal.email}`,
  );
  await loadSavedMetadata(deps, doc, doc.secrets ?? {});
  return {
    id: stored.id,
    flowName: doc.flowName,
    revision: changed > 0 ? stored.revision + 1 : stored.revision,
    metadata,
  };
}
