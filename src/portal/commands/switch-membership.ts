import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { PortalViewer } from '../http/portal-session.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

/** Moves the session to another of the person's own memberships; anything else is refused and audited. */
export async function switchMembership(
  deps: PortalDeps,
  viewer: PortalViewer,
  wanted: { role: string; organisationId: string },
  ip: string,
): Promise<void> {
  const stores = portalStores(deps.db, deps.clock);
  const membership = (await stores.people.memberships(viewer.person.id)).find(
    (m) => m.role === wanted.role && m.organisationId === wanted.organisationId,
  );
  if (!membership) {
    await stores.audit.record({
      actor: viewer.person.id,
      action: 'access-refused',
      organisationId: viewer.session.organisationId,
      subject: wanted.organisationId.slice(0, 100),
      ip,
      detail: { what: 'switch organisation', role: wanted.role.slice(0, 40) },
    });
    fail(ErrorCodes.PORTAL_FORBIDDEN, 'not a membership of this person');
  }
  await stores.sessions.switchMembership(viewer.session.idHash, membership);
  await stores.audit.record({
    actor: viewer.person.id,
    action: 'organisation-switched',
    organisationId: membership.organisationId,
    subject: viewer.person.email,
    ip,
    detail: { role: membership.role, from: viewer.session.organisationId },
  });
}
