import { z } from 'zod';
import {
  organisationDataQuality,
  organisationStatistics,
  organisationTrace,
} from '../commands/organisation-insight.ts';
import type { Principal } from '../domain/principal.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const orgParams = z.object({ organisationId: z.string().min(1).max(100) });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const rangeQuery = z.object({
  from: day.optional().describe('First day (UTC), default 29 days before `to`.'),
  to: day.optional().describe('Last day (UTC), default today.'),
});
const countBy = z.array(z.object({ key: z.string(), count: z.number().int() }));
const moment = z.string().max(40);

/** Operations with `auth: 'principal'` are called with one (api-routes.ts); the commands need it typed. */
function required(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('insight operations are declared auth: principal');
  return principal;
}

/** Login statistics, data quality and the support trace of one organisation (docs/operations.md). */
export const INSIGHT_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/statistics',
    operationId: 'getOrganisationStatistics',
    summary:
      'Logins per day and by outcome, service, integration, school and role, for the organisation’s own integrations or services.',
    auth: 'principal',
    params: orgParams,
    query: rangeQuery,
    status: 200,
    response: z.object({
      from: day,
      to: day,
      total: z.number().int(),
      perDay: z.array(
        z.object({ day, count: z.number().int(), byOutcome: z.record(z.string(), z.number()) }),
      ),
      byOutcome: countBy,
      byService: countBy,
      byIntegration: countBy,
      bySchool: countBy,
      byRole: countBy,
    }),
    handler: async ({ deps, principal, params, query, ip }) => {
      const { statistics } = await organisationStatistics(
        deps,
        required(principal),
        { organisationId: params.organisationId, from: query.from, to: query.to },
        ip,
      );
      return statistics;
    },
  }),
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/data-quality',
    operationId: 'getOrganisationDataQuality',
    summary:
      'Data-model problems per integration and school, with the share of logins and what to fix in the registry.',
    auth: 'principal',
    params: orgParams,
    query: rangeQuery,
    status: 200,
    response: z.object({
      problems: z.array(
        z.object({
          integrationId: z.string(),
          school: z.string(),
          code: z.string(),
          attributes: z.array(z.string()),
          logins: z.number().int(),
          ofLogins: z.number().int(),
          firstSeen: z.string(),
          lastSeen: z.string(),
          advice: z
            .object({ fi: z.string(), sv: z.string().optional(), en: z.string().optional() })
            .optional(),
        }),
      ),
    }),
    handler: async ({ deps, principal, params, query, ip }) => {
      const { problems } = await organisationDataQuality(
        deps,
        required(principal),
        { organisationId: params.organisationId, from: query.from, to: query.to },
        ip,
      );
      return { problems };
    },
  }),
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/trace',
    operationId: 'traceOrganisationLogins',
    summary:
      'Support trace: the organisation’s logins by the error id a person reports, or in a time window of at most 24 hours (default the last hour) by service and school.',
    auth: 'principal',
    params: orgParams,
    query: z.object({
      errorId: z.string().max(100).optional().describe('The error id a person was shown.'),
      from: moment.optional().describe('Window start, ISO 8601 (UTC without a zone); default `to` − 1 h.'),
      to: moment.optional().describe('Window end, at most 24 h after `from`; default now.'),
      serviceId: z.string().max(200).optional().describe('Only this service’s logins.'),
      school: z.string().max(100).optional().describe('Only logins counted under this school code.'),
    }),
    status: 200,
    response: z.object({ logins: z.array(z.record(z.string(), z.unknown())) }),
    handler: async ({ deps, principal, params, query, ip }) => {
      const { logins } = await organisationTrace(
        deps,
        required(principal),
        { ...query, organisationId: params.organisationId },
        ip,
      );
      return { logins: logins.map((l) => ({ ...l })) };
    },
  }),
];
