import { z } from 'zod';
import { AGREEMENT_STATES } from '../../store/tables/service-agreement-tables.ts';
import {
  agreementRequests,
  decideAgreement,
  declineReasonSchema,
  requestAgreement,
  servicesForPupils,
  withdrawAgreement,
} from '../commands/service-agreements.ts';
import type { Principal } from '../domain/principal.ts';
import type { AgreementView, PupilServiceAvailability } from '../domain/pupil-service-availability.ts';
import { UNUSABLE_REASONS } from '../domain/pupil-service-availability.ts';
import type { ServiceAgreement } from '../store/service-agreement-store.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const timestamp = z.iso.datetime().describe('RFC 3339 time (UTC).');
const localised = z.object({
  fi: z.string().optional(),
  sv: z.string().optional(),
  en: z.string().optional(),
});
const orgParams = z.object({ organisationId: z.string().min(1).max(100) });
const serviceParams = orgParams.extend({ serviceId: z.string().min(1).max(100) });
const requestParams = orgParams.extend({ requestId: z.string().min(1).max(100) });
const state = z.enum(AGREEMENT_STATES);

const agreementView = z.object({
  id: z.string(),
  state,
  requestedAt: timestamp,
  decidedAt: timestamp.nullable(),
  reason: z.string().nullable().describe('Why the service provider declined.'),
});

const availability = z.object({
  serviceId: z.string(),
  serviceName: localised,
  providerOid: z.string(),
  providerName: localised,
  serviceSets: z.array(z.object({ id: z.string(), name: localised })),
  access: z.enum(['open', 'agreement']).describe('docs/registry.md "Services by agreement"'),
  alwaysAllowed: z.boolean(),
  usableNow: z.boolean().describe('Whether the organisation’s pupils can log in to it now.'),
  reason: z.enum(UNUSABLE_REASONS).nullable().describe('Why not, when not usable now.'),
  agreement: agreementView.nullable(),
});

const agreement = z.object({
  id: z.string(),
  organisationId: z.string().describe('The education provider.'),
  serviceId: z.string(),
  state,
  requestedAt: timestamp,
  decidedAt: timestamp.nullable(),
  reason: z.string().nullable(),
});

const request = agreement.extend({ organisationName: localised, serviceName: localised });

const toView = (a: AgreementView): z.infer<typeof agreementView> => ({
  id: a.id,
  state: a.state,
  requestedAt: a.requestedAt.toISOString(),
  decidedAt: a.decidedAt?.toISOString() ?? null,
  reason: a.reason,
});

const toAvailability = (s: PupilServiceAvailability): z.infer<typeof availability> => ({
  ...s,
  agreement: s.agreement ? toView(s.agreement) : null,
});

const toAgreement = (a: ServiceAgreement): z.infer<typeof agreement> => ({
  ...toView(a),
  organisationId: a.organisationId,
  serviceId: a.serviceId,
});

function required(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('operation with auth "principal" reached without a principal');
  return principal;
}

/** Services for pupils and agreements (docs/portal.md "Services for pupils"). */
export const AGREEMENT_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/services-for-pupils',
    operationId: 'listServicesForPupils',
    summary:
      'Every service, open or by agreement, and whether the education provider’s pupils can use it now (and why not).',
    auth: 'principal',
    params: orgParams,
    status: 200,
    response: z.object({ organisationId: z.string(), services: z.array(availability) }),
    handler: async ({ deps, principal, params, ip }) => {
      const r = await servicesForPupils(deps, required(principal), params.organisationId, ip);
      return { organisationId: r.organisationId, services: r.services.map(toAvailability) };
    },
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/services-for-pupils/{serviceId}/request',
    operationId: 'requestServiceAgreement',
    summary: 'Ask the service provider for a service by agreement (education provider’s main users).',
    auth: 'principal',
    params: serviceParams,
    status: 201,
    response: agreement,
    handler: async ({ deps, principal, params, ip }) =>
      toAgreement(
        await requestAgreement(deps, required(principal), params.organisationId, params.serviceId, ip),
      ),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/services-for-pupils/{serviceId}/withdraw',
    operationId: 'withdrawServiceAgreement',
    summary: 'Withdraw a request, or end an accepted agreement (education provider’s main users).',
    auth: 'principal',
    params: serviceParams,
    status: 200,
    response: agreement,
    handler: async ({ deps, principal, params, ip }) =>
      toAgreement(
        await withdrawAgreement(deps, required(principal), params.organisationId, params.serviceId, ip),
      ),
  }),
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/agreement-requests',
    operationId: 'listAgreementRequests',
    summary: 'Requests from education providers for the organisation’s services by agreement, newest first.',
    auth: 'principal',
    params: orgParams,
    status: 200,
    response: z.object({ organisationId: z.string(), requests: z.array(request) }),
    handler: async ({ deps, principal, params, ip }) => {
      const r = await agreementRequests(deps, required(principal), params.organisationId, ip);
      return {
        organisationId: r.organisationId,
        requests: r.requests.map((q) => ({
          ...toAgreement(q),
          organisationName: q.organisationName,
          serviceName: q.serviceName,
        })),
      };
    },
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/agreement-requests/{requestId}/accept',
    operationId: 'acceptAgreementRequest',
    summary:
      'Accept a request for one of the organisation’s services (service provider’s main users): its pupils can log in within seconds.',
    auth: 'principal',
    params: requestParams,
    status: 200,
    response: agreement,
    handler: async ({ deps, principal, params, ip }) =>
      toAgreement(
        await decideAgreement(
          deps,
          required(principal),
          params.organisationId,
          params.requestId,
          { accept: true },
          ip,
        ),
      ),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/agreement-requests/{requestId}/decline',
    operationId: 'declineAgreementRequest',
    summary:
      'Decline a request for one of the organisation’s services, with a reason the education provider sees.',
    auth: 'principal',
    params: requestParams,
    body: z.object({ reason: declineReasonSchema }).strict(),
    status: 200,
    response: agreement,
    handler: async ({ deps, principal, params, body, ip }) =>
      toAgreement(
        await decideAgreement(
          deps,
          required(principal),
          params.organisationId,
          params.requestId,
          { accept: false, reason: body.reason },
          ip,
        ),
      ),
  }),
];
