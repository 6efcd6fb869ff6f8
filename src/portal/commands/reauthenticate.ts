import type { PortalSession } from '../store/session-store.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';
import { verifyCredentials } from './sign-in.ts';

/**
 * A fresh sign-in inside a session, for sensitive actions (OWASP Authentication Cheat Sheet
 * "Reauthentication"): password and second factor of the session's own person, under the same lockout.
 */
export async function reauthenticate(
  deps: PortalDeps,
  session: PortalSession,
  input: { email: string; password: string; code: string; ip: string },
): Promise<{ ok: true } | { ok: false; reason: 'invalid' | 'locked' }> {
  const checked = await verifyCredentials(deps, input);
  if (!checked.ok) return checked;
  if (checked.person.id !== session.personId) return checked.failed('other-person');
  const stores = portalStores(deps.db, deps.clock);
  await stores.sessions.markAuthenticated(session.idHash, deps.clock.now());
  await stores.audit.record({
    actor: session.personId,
    action: 'reauthenticated',
    organisationId: session.organisationId,
    subject: checked.email,
    ip: input.ip,
  });
  return { ok: true };
}
