import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { canChange, canSeeOrganisation } from '../domain/roles.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

/**
 * The organisation rule of every command on one organisation's data, for pages and API alike (the pages
 * also pass `authoriseChange` first): operators anywhere; others only their session's organisation, and
 * only main users change anything. A refusal is audited under both organisations and answered with 403
 * (OWASP Authorization Cheat Sheet "Deny by default", "Log failures").
 */
export async function authoriseOrganisation(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  access: { what: string; change: boolean },
  ip: string,
): Promise<void> {
  const seen = canSeeOrganisation(principal, organisationId);
  if (seen && (!access.change || canChange(principal.role))) return;
  await refuse(deps, principal, organisationId, access.what, ip);
}

/** Audits a refused action on an organisation and answers 403 (nothing has changed). */
export async function refuse(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  what: string,
  ip: string,
): Promise<never> {
  await portalStores(deps.db, deps.clock).audit.record({
    actor: principal.personId,
    action: 'access-refused',
    organisationId: principal.organisationId,
    subject: organisationId,
    ip,
    detail: { what, role: principal.role },
  });
  fail(ErrorCodes.PORTAL_FORBIDDEN, `${principal.role} may not ${what} for ${organisationId}`);
}

/** Sensitive actions need password and second factor within the last 10 minutes, on a signed-in page. */
export function ensureRecentSignIn(deps: PortalDeps, principal: Principal, what: string): void {
  if (principal.via !== 'session') fail(ErrorCodes.PORTAL_FORBIDDEN, `${what} is done on a signed-in page`);
  const at = principal.authenticatedAt;
  const recent = at && deps.clock.now().getTime() - at.getTime() <= SESSION_POLICY.recentAuthMs;
  if (!recent) fail(ErrorCodes.PORTAL_SIGN_IN_REQUIRED, `${what} needs a fresh sign-in`);
}
