import { z } from 'zod';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { pickText } from '../../core/language.ts';
import type { RegistrySnapshot } from '../../registry/registry-snapshot.ts';
import { announceAgreementChange } from '../../registry/service-agreements.ts';
import type { Service } from '../../registry/service-schema.ts';
import type { Db } from '../../store/database.ts';
import type { Principal } from '../domain/principal.ts';
import {
  type AgreementView,
  type PupilServiceAvailability,
  pupilServiceAvailability,
} from '../domain/pupil-service-availability.ts';
import type { PortalRole } from '../domain/roles.ts';
import { createServiceAgreementStore, type ServiceAgreement } from '../store/service-agreement-store.ts';
import { type AgreementMailEvent, agreementMail, technicalAddresses } from './agreement-mail.ts';
import { authoriseOrganisation, refuse } from './organisation-access.ts';
import { organisationOf, organisationRegistryOf } from './organisation-registry.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

/**
 * Services by agreement (docs/portal.md "Services for pupils", MPASSid reference §9.3): the education
 * provider's main user requests and may withdraw; only the main user of the organisation that owns the
 * service accepts or declines. Each step is one transaction with its portal audit row and a registry
 * version bump (so every node's login sees it within seconds), then a mail to the other side.
 */

/** Why a service provider declined: shown to the education provider and mailed to it. */
export const declineReasonSchema = z.string().trim().min(1).max(1000);

export const servicesForPupilsPath = (organisationId: string) =>
  `/portal/organisation/${encodeURIComponent(organisationId)}/services-for-pupils`;
export const agreementRequestsPath = (organisationId: string) =>
  `/portal/organisation/${encodeURIComponent(organisationId)}/agreement-requests`;

const EDUCATION_DECIDERS: readonly PortalRole[] = ['education-main', 'operator'];
const SERVICE_DECIDERS: readonly PortalRole[] = ['service-main', 'operator'];

/** An agreement request as the service provider sees it. */
export interface AgreementRequestView extends ServiceAgreement {
  organisationName: Record<string, string | undefined>;
  serviceName: Record<string, string | undefined>;
}

/** Every service and whether the organisation's pupils can use it now, with why not. */
export async function servicesForPupils(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  ip: string,
): Promise<{ organisationId: string; services: PupilServiceAvailability[] }> {
  await authoriseOrganisation(
    deps,
    principal,
    organisationId,
    { what: 'read the services for pupils', change: false },
    ip,
  );
  const registry = organisationRegistryOf(deps);
  await organisationOf(registry, organisationId);
  const rows = await createServiceAgreementStore(deps.db).ofOrganisation(organisationId);
  const agreements = new Map<string, AgreementView>(rows.map((r) => [r.serviceId, toView(r)]));
  return {
    organisationId,
    services: pupilServiceAvailability(await registry.cache.current(), organisationId, agreements),
  };
}

/** The education provider asks for a service by agreement. */
export async function requestAgreement(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  serviceId: string,
  ip: string,
): Promise<ServiceAgreement> {
  const what = 'request a service by agreement';
  await authoriseRole(deps, principal, organisationId, what, EDUCATION_DECIDERS, ip);
  const registry = organisationRegistryOf(deps);
  const organisation = await organisationOf(registry, organisationId);
  if (!organisation.roles.includes('educationProvider'))
    fail(ErrorCodes.REQUEST_INVALID, `${organisationId} is not an education provider`);
  const snapshot = await registry.cache.current();
  const service = byAgreementService(snapshot, serviceId);
  const agreement = await inTransaction(deps, async (tx, store) => {
    const existing = await store.lockByPair(organisationId, serviceId);
    if (existing && (existing.state === 'requested' || existing.state === 'accepted'))
      fail(ErrorCodes.PORTAL_AGREEMENT_STATE, `the agreement for ${serviceId} is already ${existing.state}`);
    const id = await store.request({
      organisationId,
      serviceId,
      by: principal.personId,
      at: deps.clock.now(),
    });
    await audit(deps, tx, principal, 'agreement-requested', organisationId, id, ip, { serviceId });
    return required(await store.lockById(id));
  });
  await mailOther(deps, snapshot, 'requested', service.organisationOid, {
    organisation: pickText(organisation.name, 'fi') || organisationId,
    service: pickText(service.name, 'fi') || serviceId,
    link: `${deps.publicUrl}${agreementRequestsPath(service.organisationOid)}`,
  });
  return agreement;
}

/** The education provider withdraws its request, or ends an accepted agreement. */
export async function withdrawAgreement(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  serviceId: string,
  ip: string,
): Promise<ServiceAgreement> {
  const what = 'withdraw a service agreement';
  await authoriseRole(deps, principal, organisationId, what, EDUCATION_DECIDERS, ip);
  const registry = organisationRegistryOf(deps);
  const organisation = await organisationOf(registry, organisationId);
  const snapshot = await registry.cache.current();
  const agreement = await inTransaction(deps, async (tx, store) => {
    const existing = await store.lockByPair(organisationId, serviceId);
    if (!existing) fail(ErrorCodes.NOT_FOUND, `no agreement request for ${serviceId}`);
    if (existing.state !== 'requested' && existing.state !== 'accepted')
      fail(ErrorCodes.PORTAL_AGREEMENT_STATE, `the agreement for ${serviceId} is ${existing.state}`);
    await store.decide(existing.id, { state: 'withdrawn', by: principal.personId, at: deps.clock.now() });
    await audit(deps, tx, principal, 'agreement-withdrawn', organisationId, existing.id, ip, {
      serviceId,
      was: existing.state,
    });
    return required(await store.lockById(existing.id));
  });
  const service = snapshot.services.get(serviceId)?.service;
  if (service) {
    await mailOther(deps, snapshot, 'withdrawn', service.organisationOid, {
      organisation: pickText(organisation.name, 'fi') || organisationId,
      service: pickText(service.name, 'fi') || serviceId,
      link: `${deps.publicUrl}${agreementRequestsPath(service.organisationOid)}`,
    });
  }
  return agreement;
}

/** Requests for the services the organisation owns, newest first. */
export async function agreementRequests(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  ip: string,
): Promise<{ organisationId: string; requests: AgreementRequestView[] }> {
  await authoriseOrganisation(
    deps,
    principal,
    organisationId,
    { what: 'read the agreement requests', change: false },
    ip,
  );
  const registry = organisationRegistryOf(deps);
  await organisationOf(registry, organisationId);
  const snapshot = await registry.cache.current();
  const owned = [...snapshot.services.values()]
    .map((e) => e.service)
    .filter((s) => s.organisationOid === organisationId);
  const rows = await createServiceAgreementStore(deps.db).ofServices(owned.map((s) => s.id));
  return {
    organisationId,
    requests: rows.map((r) => ({
      ...r,
      organisationName: snapshot.organisations.get(r.organisationId)?.name ?? {},
      serviceName: snapshot.services.get(r.serviceId)?.service.name ?? {},
    })),
  };
}

/**
 * The service provider accepts or declines a request for one of its services. A request for another
 * organisation's service is refused like any other organisation's data (403, audited, nothing changes).
 */
export async function decideAgreement(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  requestId: string,
  decision: { accept: true } | { accept: false; reason: string },
  ip: string,
): Promise<ServiceAgreement> {
  const what = decision.accept ? 'accept a service agreement' : 'decline a service agreement';
  await authoriseRole(deps, principal, organisationId, what, SERVICE_DECIDERS, ip);
  const reason = decision.accept ? undefined : declineReasonSchema.safeParse(decision.reason);
  if (reason && !reason.success)
    fail(ErrorCodes.REQUEST_INVALID, 'a decline needs a reason (1–1000 characters)');
  const registry = organisationRegistryOf(deps);
  const snapshot = await registry.cache.current();
  const store = createServiceAgreementStore(deps.db);
  const found = await store.lockById(requestId);
  const service = found ? snapshot.services.get(found.serviceId)?.service : undefined;
  if (!found) fail(ErrorCodes.NOT_FOUND, `no agreement request ${requestId}`);
  // Ownership is the service's registry entry: only its organisation decides who may use it.
  if (service?.organisationOid !== organisationId)
    await refuse(deps, principal, organisationId, `${what} for a service it does not own`, ip);
  const state = decision.accept ? ('accepted' as const) : ('declined' as const);
  const agreement = await inTransaction(deps, async (tx, locked) => {
    const current = await locked.lockById(requestId);
    if (current?.state !== 'requested')
      fail(ErrorCodes.PORTAL_AGREEMENT_STATE, `the request is ${current?.state ?? 'gone'}, not requested`);
    await locked.decide(requestId, {
      state,
      by: principal.personId,
      at: deps.clock.now(),
      reason: reason?.data,
    });
    await audit(deps, tx, principal, `agreement-${state}`, organisationId, requestId, ip, {
      educationProvider: current.organisationId,
      serviceId: current.serviceId,
      ...(reason ? { reason: reason.data } : {}),
    });
    return required(await locked.lockById(requestId));
  });
  await mailOther(deps, snapshot, state, agreement.organisationId, {
    organisation: pickText(snapshot.organisations.get(organisationId)?.name, 'fi') || organisationId,
    service: pickText(service?.name, 'fi') || agreement.serviceId,
    link: `${deps.publicUrl}${servicesForPupilsPath(agreement.organisationId)}`,
    reason: reason?.data,
  });
  return agreement;
}

export function toView(a: ServiceAgreement): AgreementView {
  return { id: a.id, state: a.state, requestedAt: a.requestedAt, decidedAt: a.decidedAt, reason: a.reason };
}

async function authoriseRole(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  what: string,
  roles: readonly PortalRole[],
  ip: string,
): Promise<void> {
  await authoriseOrganisation(deps, principal, organisationId, { what, change: true }, ip);
  if (!roles.includes(principal.role)) await refuse(deps, principal, organisationId, what, ip);
}

function byAgreementService(snapshot: RegistrySnapshot, serviceId: string): Service {
  const service = snapshot.services.get(serviceId)?.service;
  if (!service) fail(ErrorCodes.NOT_FOUND, `no service ${serviceId}`);
  if (service.access !== 'agreement' || service.alwaysAllowed)
    fail(ErrorCodes.REQUEST_INVALID, `${serviceId} is open: it needs no agreement`);
  return service;
}

/** One transaction: the change, its audit row and the registry version bump; then this node's cache hears of it. */
async function inTransaction<T>(
  deps: PortalDeps,
  change: (tx: Db, store: ReturnType<typeof createServiceAgreementStore>) => Promise<T>,
): Promise<T> {
  const result = await deps.db.transaction().execute(async (tx) => {
    const value = await change(tx, createServiceAgreementStore(tx));
    await announceAgreementChange(tx);
    return value;
  });
  organisationRegistryOf(deps).repo.committed();
  return result;
}

async function audit(
  deps: PortalDeps,
  tx: Db,
  principal: Principal,
  action: 'agreement-requested' | 'agreement-withdrawn' | 'agreement-accepted' | 'agreement-declined',
  organisationId: string,
  subject: string,
  ip: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await portalStores(tx, deps.clock).audit.record(
    { actor: principal.personId, action, organisationId, subject, ip, detail },
    tx,
  );
}

async function mailOther(
  deps: PortalDeps,
  snapshot: RegistrySnapshot,
  event: AgreementMailEvent,
  recipientOrganisation: string,
  values: Parameters<typeof agreementMail>[1],
): Promise<void> {
  const mail = agreementMail(event, values);
  for (const to of technicalAddresses(snapshot.organisations.get(recipientOrganisation))) {
    await deps.mailer.send({ to, ...mail, link: values.link });
  }
}

function required(agreement: ServiceAgreement | undefined): ServiceAgreement {
  if (!agreement) throw new Error('the agreement row written in this transaction is missing');
  return agreement;
}
