import { pickText } from '../../../core/language.ts';
import type { Principal } from '../../domain/principal.ts';
import { organisationRegistryOf } from '../organisation-registry.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { authoriseIntegrations } from './integration-access.ts';
import { wizardTypeOf } from './integration-input.ts';

export interface IntegrationSummary {
  id: string;
  type: string;
  /** The wizard's type (Entra over OIDC told apart); undefined for types the wizard does not offer. */
  wizardType: string | undefined;
  flowName: string;
  deploymentPhase: string;
  status: string;
  displayName: { fi?: string; sv?: string; en?: string };
  revision: number;
}

/** The organisation's integrations, from the store (a page right after a save shows the save). */
export async function listIntegrations(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  ip: string,
): Promise<IntegrationSummary[]> {
  await authoriseIntegrations(
    deps,
    principal,
    organisationId,
    { what: 'read integrations', change: false },
    ip,
  );
  const { repo } = organisationRegistryOf(deps);
  return (await repo.list('integration'))
    .filter((i) => i.doc.organisationOid === organisationId)
    .map((i) => ({
      id: i.id,
      type: i.doc.type,
      wizardType: wizardTypeOf(i.doc),
      flowName: i.doc.flowName,
      deploymentPhase: i.doc.deploymentPhase,
      status: i.doc.status,
      displayName: i.doc.discovery.displayName ?? {},
      revision: i.revision,
    }))
    .sort(
      (a, b) =>
        pickText(a.displayName, 'fi').localeCompare(pickText(b.displayName, 'fi'), 'fi') ||
        a.id.localeCompare(b.id),
    );
}
