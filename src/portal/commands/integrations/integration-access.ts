import type { Principal } from '../../domain/principal.ts';
import { authoriseOrganisation, refuse } from '../organisation-access.ts';
import type { PortalDeps } from '../portal-deps.ts';

/**
 * Who may read and change an organisation's integrations (docs/portal.md "Roles"): everyone of the
 * organisation and operators read; only the education provider's main user or an operator changes them —
 * a service provider's main user of the same organisation is refused (403, audited) like anyone else.
 */
export async function authoriseIntegrations(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  access: { what: string; change: boolean },
  ip: string,
): Promise<void> {
  await authoriseOrganisation(deps, principal, organisationId, access, ip);
  if (access.change && principal.role !== 'operator' && principal.role !== 'education-main')
    await refuse(deps, principal, organisationId, access.what, ip);
}
