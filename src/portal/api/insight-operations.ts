import { z } from 'zod';
import { dataQuality } from '../../ops/quality/data-quality-query.ts';
import { loginStatistics } from '../../ops/statistics/login-statistics-query.ts';
import type { StatisticsScope } from '../../ops/statistics/statistics-scope.ts';
import { traceLogins } from '../../ops/trace/login-trace-query.ts';
import { organisationRegistryOf } from '../commands/organisation-registry.ts';
import type { PortalDeps } from '../commands/portal-deps.ts';
import type { Principal } from '../domain/principal.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const orgParams = z.object({ organisationId: z.string().min(1).max(100) });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString().slice(0, 10);
const rangeQuery = z.object({
  from: day.optional().describe('First day (UTC), default 30 days back.'),
  to: day.optional().describe('Last day (UTC), default today.'),
});
const countBy = z.array(z.object({ key: z.string(), count: z.number().int() }));

/**
 * Whose logins an organisation's page may see (docs/operations.md "Support trace"): a service provider's
 * people their services', everyone else the organisation's integrations' — decided here, on the server.
 */
async function scopeOf(deps: PortalDeps, principal: Principal | undefined, organisationId: string) {
  const snapshot = await organisationRegistryOf(deps).cache.current();
  const integrationIds = [...snapshot.integrations.values()]
    .filter((e) => e.integration.organisationOid === organisationId)
    .map((e) => e.integration.id);
  const serviceIds = [...snapshot.services.values()]
    .filter((e) => e.service.organisationOid === organisationId)
    .map((e) => e.service.id);
  const serviceSide =
    principal?.role.startsWith('service') || (integrationIds.length === 0 && serviceIds.length > 0);
  const scope: StatisticsScope = serviceSide
    ? { kind: 'services', serviceIds }
    : { kind: 'integrations', integrationIds };
  return { scope, integrationIds: serviceSide ? [] : integrationIds };
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
    handler: async ({ deps, principal, params, query }) => {
      const { scope } = await scopeOf(deps, principal, params.organisationId);
      return loginStatistics(deps.db, { from: query.from ?? daysAgo(29), to: query.to ?? today(), scope });
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
    handler: async ({ deps, principal, params, query }) => {
      const { integrationIds } = await scopeOf(deps, principal, params.organisationId);
      return {
        problems: await dataQuality(deps.db, {
          from: query.from ?? daysAgo(29),
          to: query.to ?? today(),
          integrationIds,
        }),
      };
    },
  }),
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/trace',
    operationId: 'traceOrganisationLogins',
    summary:
      'Support trace: the organisation’s logins by the error id a person reports, or those of the last hour.',
    auth: 'principal',
    params: orgParams,
    query: z.object({ errorId: z.string().max(100).optional() }),
    status: 200,
    response: z.object({ logins: z.array(z.record(z.string(), z.unknown())) }),
    handler: async ({ deps, principal, params, query }) => {
      const { scope } = await scopeOf(deps, principal, params.organisationId);
      const search = query.errorId
        ? { errorId: query.errorId }
        : { from: new Date(Date.now() - 3_600_000), to: new Date() };
      return { logins: (await traceLogins(deps.db, scope, search)).map((l) => ({ ...l })) };
    },
  }),
];
