import { z } from 'zod';
import { lastTestLogins } from '../commands/integration-test-login.ts';
import {
  approveProductionIntegration,
  createProductionIntegration,
  pendingProductionIntegrations,
} from '../commands/production-integration.ts';
import type { Principal } from '../domain/principal.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const integrationParams = z.object({
  organisationId: z.string().min(1).max(100),
  integrationId: z.string().min(1).max(100),
});
const timestamp = z.iso.datetime().describe('RFC 3339 time (UTC).');
const status = z.enum(['active', 'inactive', 'pending']);

const testLogin = z.object({
  id: z.string(),
  at: timestamp,
  who: z.string().describe('The name (or e-mail address) of the person who made the test login.'),
  protocol: z.string(),
  passed: z.boolean().describe('docs/portal.md "Test login and production": what passes.'),
  problems: z.object({
    attributes: z.array(
      z.object({
        attribute: z.string().describe('A data-model attribute (docs/data-model.md) that was not OK.'),
        status: z.enum(['ok', 'empty', 'error']),
        codes: z.array(z.string()).describe('The problem codes that flagged it.'),
      }),
    ),
    rules: z.array(z.object({ code: z.string(), severity: z.string(), attributes: z.array(z.string()) })),
    failure: z.string().optional().describe('The protocol error Passi answered, when it refused the login.'),
  }),
});

const created = z.object({
  integrationId: z.string(),
  flowName: z.string(),
  status,
  sourceIntegrationId: z.string(),
});

function required(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('operation with auth "principal" reached without a principal');
  return principal;
}

/**
 * Test logins and going to production (docs/portal.md "Test login and production"). Starting a test login
 * is a browser action on the integration's page (it leaves for the attribute test service), not an API call.
 */
export const INTEGRATION_TEST_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/integrations/{integrationId}/test-logins',
    operationId: 'listIntegrationTestLogins',
    summary:
      'The integration’s last test logins, newest first: who, when, passed or failed, and the problems.',
    auth: 'principal',
    params: integrationParams,
    status: 200,
    response: z.object({ testLogins: z.array(testLogin) }),
    handler: async ({ deps, principal, params, ip }) => ({
      testLogins: (
        await lastTestLogins(deps, required(principal), params.organisationId, params.integrationId, ip)
      ).map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        who: r.who,
        protocol: r.protocol,
        passed: r.passed,
        problems: r.problems,
      })),
    }),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/integrations/{integrationId}/production',
    operationId: 'createProductionIntegration',
    summary:
      'Create a NEW production integration from this test integration (settings, secrets, mapping, discovery, allowed services); needs a passed test login in the last 30 days (409 PASSI_PORTAL_TEST_LOGIN_REQUIRED). The test integration does not change.',
    auth: 'principal',
    params: integrationParams,
    body: z
      .object({
        flowName: z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/)
          .optional()
          .describe('Flow name of the new integration; by default made from the test integration’s.'),
      })
      .strict(),
    status: 201,
    response: created,
    handler: async ({ deps, principal, params, body, ip }) =>
      createProductionIntegration(
        deps,
        required(principal),
        { organisationId: params.organisationId, integrationId: params.integrationId },
        body.flowName === undefined ? {} : { flowName: body.flowName },
        ip,
      ),
  }),
  operation({
    method: 'get',
    path: '/operator/production-integrations',
    operationId: 'listPendingProductionIntegrations',
    summary:
      'Operators: production integrations waiting for approval (PASSI_PRODUCTION_INTEGRATIONS_NEED_APPROVAL).',
    auth: 'principal',
    status: 200,
    response: z.object({
      pending: z.array(
        z.object({
          integrationId: z.string(),
          flowName: z.string(),
          type: z.string(),
          organisationId: z.string(),
          sourceIntegrationId: z.string(),
          requestedAt: timestamp,
        }),
      ),
    }),
    handler: async ({ deps, principal, ip }) => ({
      pending: (await pendingProductionIntegrations(deps, required(principal), ip)).map((p) => ({
        integrationId: p.integrationId,
        flowName: p.flowName,
        type: p.type,
        organisationId: p.organisationId,
        sourceIntegrationId: p.sourceIntegrationId,
        requestedAt: p.requestedAt.toISOString(),
      })),
    }),
  }),
  operation({
    method: 'post',
    path: '/operator/production-integrations/{integrationId}/approve',
    operationId: 'approveProductionIntegration',
    summary: 'Operators: approve a pending production integration; it becomes active (audited).',
    auth: 'principal',
    params: z.object({ integrationId: z.string().min(1).max(100) }),
    status: 200,
    response: z.object({ integrationId: z.string(), status }),
    handler: async ({ deps, principal, params, ip }) =>
      approveProductionIntegration(deps, required(principal), params.integrationId, ip),
  }),
];
