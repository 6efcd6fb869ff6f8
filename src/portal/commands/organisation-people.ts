import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { Principal } from '../domain/principal.ts';
import type { PortalRole } from '../domain/roles.ts';
import { createOrganisationPeopleStore } from '../store/organisation-people-store.ts';
import { invitePerson } from './invite-person.ts';
import { authoriseOrganisation, ensureRecentSignIn, refuse } from './organisation-access.ts';
import { type OrganisationRegistry, organisationOf } from './organisation-registry.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

const MAIN_ROLES: readonly PortalRole[] = ['education-main', 'service-main'];

/**
 * Which roles of an organisation a principal may hand out: a main user their own kind (after MPASSid's
 * main users, docs/portal.md "Roles"), an operator every organisation role the organisation can hold.
 */
export function invitableRoles(
  principal: Pick<Principal, 'role'>,
  organisation: { roles: readonly ('educationProvider' | 'serviceProvider')[] },
): PortalRole[] {
  const education: PortalRole[] = ['education-main', 'education-viewer'];
  const service: PortalRole[] = ['service-main', 'service-viewer'];
  if (principal.role === 'education-main') return education;
  if (principal.role === 'service-main') return service;
  if (principal.role !== 'operator') return [];
  return [
    ...(organisation.roles.includes('educationProvider') ? education : []),
    ...(organisation.roles.includes('serviceProvider') ? service : []),
  ];
}

/**
 * Invites a person by e-mail to a role of the organisation (docs/portal.md "People"): a sensitive action,
 * so it needs a sign-in within the last 10 minutes. A person who already has an account gets the role at
 * once and an e-mail saying so.
 */
export async function inviteToOrganisation(
  deps: PortalDeps,
  registry: OrganisationRegistry,
  principal: Principal,
  organisationId: string,
  input: { email: string; role: PortalRole },
  ip: string,
): Promise<{ kind: 'invited' | 'membership-added' }> {
  await authoriseOrganisation(deps, principal, organisationId, { what: 'invite people', change: true }, ip);
  const organisation = await organisationOf(registry, organisationId);
  if (!invitableRoles(principal, organisation).includes(input.role)) {
    await refuse(deps, principal, organisationId, `invite ${input.role}`, ip);
  }
  ensureRecentSignIn(deps, principal, 'inviting people');
  const result = await invitePerson(deps, {
    email: input.email,
    organisationId,
    role: input.role,
    invitedBy: principal.personId,
    ip,
  });
  return { kind: result.kind };
}

/**
 * Ends a person's memberships in the organisation and their open invitations to it; their sessions
 * working in the organisation end at once. The last main user cannot remove themself, so an
 * organisation is never left without someone who can manage it.
 */
export async function removeFromOrganisation(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  personId: string,
  ip: string,
): Promise<{ sessionsEnded: number }> {
  await authoriseOrganisation(deps, principal, organisationId, { what: 'remove people', change: true }, ip);
  const peopleStore = createOrganisationPeopleStore(deps.db);
  const members = await peopleStore.members(organisationId, deps.clock.now());
  const theirs = members.filter((m) => m.personId === personId);
  if (theirs.length === 0) fail(ErrorCodes.NOT_FOUND, `no person ${personId} in ${organisationId}`);
  const isMain = (m: { role: PortalRole; status: string }) =>
    m.status === 'active' && MAIN_ROLES.includes(m.role);
  const otherMains = members.filter((m) => m.personId !== personId && isMain(m));
  if (personId === principal.personId && theirs.some(isMain) && otherMains.length === 0) {
    fail(ErrorCodes.PORTAL_LAST_MAIN_USER, 'the last main user of an organisation cannot remove themself');
  }
  return deps.db.transaction().execute(async (tx) => {
    const removed = await createOrganisationPeopleStore(tx).removeFromOrganisation(
      personId,
      organisationId,
      deps.clock.now(),
      tx,
    );
    await portalStores(tx, deps.clock).audit.record(
      {
        actor: principal.personId,
        action: 'membership-removed',
        organisationId,
        subject: theirs[0]?.email ?? personId,
        ip,
        detail: { personId, roles: theirs.map((m) => m.role), ...removed },
      },
      tx,
    );
    return { sessionsEnded: removed.sessions };
  });
}
