import { z } from 'zod';
import { switchWeeklySummary, weeklySummaryState } from '../commands/weekly-summary-switch.ts';
import type { Principal } from '../domain/principal.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const orgParams = z.object({ organisationId: z.string().min(1).max(100) });
const state = z.object({
  organisationId: z.string(),
  on: z.boolean().describe('Whether the organisation’s technical contacts get the weekly summary.'),
  unsubscribed: z.array(z.string()).describe('Addresses that unsubscribed from it themselves.'),
});

function required(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('operation with auth "principal" reached without a principal');
  return principal;
}

/** The weekly summary mail's switch (docs/operations.md "Weekly summary"). */
export const SUMMARY_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/weekly-summary',
    operationId: 'getWeeklySummary',
    summary: 'Whether the organisation gets the weekly summary e-mail, and which addresses unsubscribed.',
    auth: 'principal',
    params: orgParams,
    status: 200,
    response: state,
    handler: async ({ deps, principal, params, ip }) =>
      weeklySummaryState(deps, required(principal), params.organisationId, ip),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/weekly-summary',
    operationId: 'switchWeeklySummary',
    summary: 'Switch the weekly summary e-mail off or on for all the organisation’s contacts (main users).',
    auth: 'principal',
    params: orgParams,
    body: z.object({ on: z.boolean() }).strict(),
    status: 200,
    response: state,
    handler: async ({ deps, principal, params, body, ip }) =>
      switchWeeklySummary(deps, required(principal), params.organisationId, body.on, ip),
  }),
];
