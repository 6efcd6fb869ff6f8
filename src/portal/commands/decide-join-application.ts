import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure, fail } from '../../core/errors.ts';
import { activeSchoolsOf, findProvidersByName } from '../../orgdata/find-organisations.ts';
import { organisationOidSchema } from '../../registry/common-schemas.ts';
import { type Organisation, organisationSchema } from '../../registry/organisation-schema.ts';
import type { Principal } from '../domain/principal.ts';
import type { PortalRole } from '../domain/roles.ts';
import type { JoinApplication } from '../store/join-application-store.ts';
import { createInvitationIn, sendInvitation } from './invite-person.ts';
import { joinMail } from './join-mail.ts';
import { ensureRecentSignIn } from './organisation-access.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';
import { requireOperator } from './require-operator.ts';

/** An OPH organisation proposed for an application, with the schools under it (mpassid-reference §11). */
export interface OidProposal {
  oid: string;
  name: string;
  schools: { oid: string; name: string; schoolCode?: string }[];
}

const nameOf = (o: { names: { fi?: string; sv?: string; en?: string }; oid: string }) =>
  o.names.fi ?? o.names.sv ?? o.names.en ?? o.oid;

/**
 * Passi's proposals of the OPH organisation OID: the one the applicant confirmed, or else active
 * education providers whose name matches, each with its active schools.
 */
export function proposeOids(deps: PortalDeps, input: { name: string; confirmedOid?: string | null }) {
  const orgdata = deps.joining?.orgdata();
  if (!orgdata) return [];
  const confirmed = input.confirmedOid ? orgdata.byOid(input.confirmedOid) : undefined;
  const found = confirmed ? [confirmed] : findProvidersByName(orgdata, input.name);
  return found.map(
    (o): OidProposal => ({
      oid: o.oid,
      name: nameOf(o),
      schools: activeSchoolsOf(orgdata, o.oid).map((s) => ({
        oid: s.oid,
        name: nameOf(s),
        schoolCode: s.schoolCode,
      })),
    }),
  );
}

/** Verified applications, oldest first: received but unverified ones never reach the operator. */
export async function listPendingApplications(
  deps: PortalDeps,
  principal: Principal,
  ip?: string,
): Promise<JoinApplication[]> {
  await requireOperator(deps, principal, 'list applications to join', ip);
  return portalStores(deps.db, deps.clock).applications.listVerified();
}

export async function applicationForOperator(
  deps: PortalDeps,
  principal: Principal,
  id: string,
  ip?: string,
): Promise<{ application: JoinApplication; proposals: OidProposal[] }> {
  await requireOperator(deps, principal, 'read an application to join', ip);
  const application = await portalStores(deps.db, deps.clock).applications.byId(id);
  if (!application || application.status === 'received') fail(ErrorCodes.NOT_FOUND, `no application ${id}`);
  return {
    application,
    proposals: proposeOids(deps, { name: application.details.name, confirmedOid: application.confirmedOid }),
  };
}

const mainRole = (kind: JoinApplication['kind']): PortalRole =>
  kind === 'service' ? 'service-main' : 'education-main';

/**
 * Approves a verified application in ONE transaction: the organisation in the registry (with its audit_log
 * row, version bump and NOTIFY), the decision, the terms acceptance against the organisation, and the
 * invitation of the contact person as main user — for "both" the education-main invitation plus a
 * service-main membership that takes effect when the invitation is accepted. Any failure (OID or business
 * id already in the registry, the contact already having an account) writes nothing. Mails go out after
 * the commit.
 */
export async function approveApplication(
  deps: PortalDeps,
  principal: Principal,
  input: { id: string; organisationOid?: string },
  ip?: string,
): Promise<{ organisationId: string; invitationExpiresAt?: Date }> {
  await requireOperator(deps, principal, 'approve an application to join', ip);
  // Approving invites the contact person as main user: on a page that needs a fresh sign-in, as
  // inviting does (docs/portal.md "Sessions"). An API token was itself created after one.
  if (principal.via === 'session') ensureRecentSignIn(deps, principal, 'approving an application');
  const registry = deps.joining ?? fail(ErrorCodes.INTERNAL, 'the portal was built without the registry');
  const application = await portalStores(deps.db, deps.clock).applications.byId(input.id);
  if (!application || application.status === 'received')
    fail(ErrorCodes.NOT_FOUND, `no application ${input.id}`);
  ensure(
    application.status === 'verified',
    ErrorCodes.PORTAL_APPLICATION_DECIDED,
    `already ${application.status}`,
  );
  const oid = organisationOidSchema.safeParse(input.organisationOid || application.confirmedOid);
  if (!oid.success)
    fail(ErrorCodes.REQUEST_INVALID, 'assign the OPH organisation OID (1.2.246.562.10.…)', {
      detail: { reason: 'oid-missing' },
    });
  const organisationId = oid.data;
  const d = application.details;
  const contact = { name: d.contactName, email: d.contactEmail, phone: d.contactPhone };
  const doc: Organisation = organisationSchema.parse({
    oid: organisationId,
    name: { [d.language]: d.name },
    businessId: d.businessId,
    roles:
      application.kind === 'both'
        ? ['educationProvider', 'serviceProvider']
        : application.kind === 'service'
          ? ['serviceProvider']
          : ['educationProvider'],
    address: { street: d.street, postalCode: d.postalCode, city: d.city },
    contact,
    contacts: [{ kind: 'technical', ...contact }],
    ...(application.kind === 'service' ? {} : { personRegistries: d.personRegistries }),
  });
  const now = deps.clock.now();
  const invitation = await deps.db.transaction().execute(async (tx) => {
    const stores = portalStores(tx, deps.clock);
    const existing = await registry.repo.list('organisation', tx);
    ensure(
      !existing.some((e) => e.id === organisationId),
      ErrorCodes.REGISTRY_CONFLICT,
      `organisation ${organisationId} is already in the registry`,
      { detail: { reason: 'oid-taken', organisationId } },
    );
    const sameBusinessId = existing.find((e) => e.doc.businessId === d.businessId);
    ensure(
      !sameBusinessId,
      ErrorCodes.REGISTRY_CONFLICT,
      `business id ${d.businessId} already belongs to organisation ${sameBusinessId?.id}`,
      { detail: { reason: 'business-id-taken', organisationId: sameBusinessId?.id } },
    );
    await registry.repo.upsertManyIn(tx, [{ kind: 'organisation', doc }], `portal:${principal.personId}`);
    ensure(
      await stores.applications.decide(
        application.id,
        { status: 'approved', by: principal.personId, at: now, organisationId },
        tx,
      ),
      ErrorCodes.PORTAL_APPLICATION_DECIDED,
      'decided by someone else meanwhile',
    );
    await stores.terms.attachToOrganisation(application.id, organisationId, tx);
    const created = await createInvitationIn(tx, deps, {
      email: d.contactEmail,
      organisationId,
      role: mainRole(application.kind),
      invitedBy: principal.personId,
      ip,
    });
    if (application.kind === 'both') {
      const person = await stores.people.findByEmail(created.email, tx);
      if (!person) fail(ErrorCodes.INTERNAL, 'invited person vanished');
      await stores.people.addMembership(person.id, { organisationId, role: 'service-main' }, tx);
    }
    await stores.audit.record(
      {
        actor: principal.personId,
        action: 'join-approved',
        organisationId,
        subject: application.id,
        ip,
        detail: { kind: application.kind, contact: d.contactEmail, proposedOid: application.confirmedOid },
      },
      tx,
    );
    return created;
  });
  registry.repo.committed();
  await sendInvitation(deps, invitation);
  await deps.mailer.send({ to: d.contactEmail, ...joinMail('approved', d.language, { name: d.name }) });
  // A contact who already has an account gets the role at once, without a set-up link.
  return {
    organisationId,
    ...(invitation.kind === 'invited' ? { invitationExpiresAt: invitation.expiresAt } : {}),
  };
}

/** Rejects a verified application; the reason is required and is shown to the applicant. */
export async function rejectApplication(
  deps: PortalDeps,
  principal: Principal,
  input: { id: string; reason: string },
  ip?: string,
): Promise<void> {
  await requireOperator(deps, principal, 'reject an application to join', ip);
  const reason = input.reason.trim();
  ensure(reason.length > 0 && reason.length <= 2000, ErrorCodes.REQUEST_INVALID, 'a reason is required');
  const stores = portalStores(deps.db, deps.clock);
  const application = await stores.applications.byId(input.id);
  if (!application || application.status === 'received')
    fail(ErrorCodes.NOT_FOUND, `no application ${input.id}`);
  await deps.db.transaction().execute(async (tx) => {
    const s = portalStores(tx, deps.clock);
    ensure(
      await s.applications.decide(
        application.id,
        { status: 'rejected', by: principal.personId, at: deps.clock.now(), reason },
        tx,
      ),
      ErrorCodes.PORTAL_APPLICATION_DECIDED,
      `already ${application.status}`,
    );
    await s.audit.record(
      {
        actor: principal.personId,
        action: 'join-rejected',
        organisationId: principal.organisationId,
        subject: application.id,
        ip,
        detail: { reason, contact: application.details.contactEmail },
      },
      tx,
    );
  });
  const d = application.details;
  await deps.mailer.send({
    to: d.contactEmail,
    ...joinMail('rejected', d.language, { name: d.name, reason }),
  });
}
