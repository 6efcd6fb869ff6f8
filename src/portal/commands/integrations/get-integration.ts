import { ErrorCodes } from '../../../core/error-codes.ts';
import { fail } from '../../../core/errors.ts';
import type { Integration } from '../../../registry/integration-schema.ts';
import type { LastChange } from '../../../registry/registry-repository.ts';
import type { Principal } from '../../domain/principal.ts';
import { organisationRegistryOf } from '../organisation-registry.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { authoriseIntegrations } from './integration-access.ts';
import { type WizardType, wizardTypeOf } from './integration-input.ts';

export interface IntegrationView {
  integration: Omit<Integration, 'secrets'>;
  wizardType: WizardType | undefined;
  /** The names of the secrets that are set (their values are never shown again). */
  secretsSet: string[];
  revision: number;
  lastChange: LastChange | undefined;
}

/**
 * One integration of the organisation, secrets left out. An integration of another organisation is
 * "not found" here, the same answer as an id that names nothing.
 */
export async function getIntegration(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  integrationId: string,
  ip: string,
): Promise<IntegrationView> {
  await authoriseIntegrations(
    deps,
    principal,
    organisationId,
    { what: 'read integrations', change: false },
    ip,
  );
  const { repo } = organisationRegistryOf(deps);
  const stored = await repo.find('integration', integrationId);
  if (!stored || stored.doc.organisationOid !== organisationId)
    fail(ErrorCodes.NOT_FOUND, `no integration ${integrationId} in ${organisationId}`);
  const { secrets: _secrets, ...integration } = stored.doc;
  return {
    integration,
    wizardType: wizardTypeOf(stored.doc),
    secretsSet: Object.keys(stored.secrets).sort(),
    revision: stored.revision,
    lastChange: await repo.lastChange('integration', integrationId),
  };
}
