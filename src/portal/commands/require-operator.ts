import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

/**
 * Operator-only actions (applications to join, terms of service): anyone else gets 403
 * PASSI_PORTAL_FORBIDDEN and the refusal is audited, as authoriseChange does for organisation changes.
 */
export async function requireOperator(
  deps: PortalDeps,
  principal: Principal,
  what: string,
  ip: string | undefined,
): Promise<void> {
  if (principal.role === 'operator') return;
  await portalStores(deps.db, deps.clock).audit.record({
    actor: principal.personId,
    action: 'access-refused',
    organisationId: principal.organisationId,
    subject: what,
    ip,
    detail: { what, role: principal.role },
  });
  fail(ErrorCodes.PORTAL_FORBIDDEN, `${principal.role} may not ${what}`);
}
