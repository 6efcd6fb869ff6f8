import { z } from 'zod';
import { HEALTH_PROBLEMS } from '../../ops/health/health-items.ts';
import { organisationHealth } from '../commands/organisation-health.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const item = z.object({
  organisationId: z.string(),
  entity: z.object({
    kind: z.enum(['integration', 'service']),
    id: z.string(),
    name: z.record(z.string(), z.string()),
  }),
  problem: z.enum(HEALTH_PROBLEMS),
  expiresAt: z.iso.datetime().optional(),
  daysLeft: z.number().int().optional().describe('Negative once the date has passed.'),
  detail: z.string().optional().describe('The last metadata refresh error.'),
});

/** "Needs attention" in the JSON API (docs/portal.md "Needs attention"). */
export const HEALTH_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/health',
    operationId: 'getOrganisationHealth',
    summary:
      'What needs attention: certificates, metadata and client secrets expiring within 30 days, failed metadata refreshes, integrations never tested. Operators name `passi` for every organisation.',
    auth: 'principal',
    params: z.object({ organisationId: z.string().min(1).max(100) }),
    status: 200,
    response: z.object({
      organisationId: z.string(),
      everyOrganisation: z.boolean(),
      testResultsKnown: z.boolean(),
      items: z.array(item),
    }),
    handler: async ({ deps, principal, params, ip }) => {
      if (!principal) throw new Error('operation with auth "principal" reached without a principal');
      const h = await organisationHealth(deps, principal, params.organisationId, ip);
      return {
        ...h,
        items: h.items.map((i) => ({ ...i, expiresAt: i.expiresAt?.toISOString() })),
      };
    },
  }),
];
