import { z } from 'zod';
import { testEntraUserAttributes } from '../commands/entra-attribute-test.ts';
import type { Principal } from '../domain/principal.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const integrationParams = z.object({
  organisationId: z.string().min(1).max(100),
  integrationId: z.string().min(1).max(100),
});

const attribute = z.object({
  name: z.string().describe('A data-model attribute (docs/data-model.md).'),
  status: z.enum(['ok', 'empty', 'error']),
  values: z.array(z.string()).describe('What a login would release; not stored anywhere.'),
  rules: z
    .array(
      z.object({ code: z.string(), severity: z.enum(['error', 'dropped', 'warning']), message: z.string() }),
    )
    .describe('The data-model rules that fired for this attribute.'),
});

const result = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('fetched'),
    blocked: z.boolean().describe('A login of this user would be refused.'),
    select: z.array(z.string()).describe('The Graph properties asked for ($select).'),
    attributes: z.array(attribute),
  }),
  z.object({
    outcome: z.literal('graph-error'),
    fix: z.enum(['credentials', 'permission', 'property', 'user', 'unavailable', 'other']),
    message: z.string().describe('What Microsoft answered and what to correct.'),
  }),
]);

function required(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('operation with auth "principal" reached without a principal');
  return principal;
}

/** docs/portal.md "Test attributes of an Entra ID user". */
export const ENTRA_TEST_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/integrations/{integrationId}/entra-attribute-test',
    operationId: 'testEntraUserAttributes',
    summary:
      'Entra ID integrations: fetch one user’s attributes from Microsoft Graph with the integration’s app registration (no login) and show per data-model attribute OK, empty or error with the rule. Education provider’s main user or operator; audited without the user id or values.',
    auth: 'principal',
    params: integrationParams,
    body: z
      .object({
        userId: z
          .string()
          .trim()
          .min(1)
          .max(256)
          .describe('The user’s Entra object id or user principal name.'),
      })
      .strict(),
    status: 200,
    response: result,
    handler: async ({ deps, principal, params, body, ip }) =>
      testEntraUserAttributes(
        deps,
        required(principal),
        { organisationId: params.organisationId, integrationId: params.integrationId },
        body.userId,
        ip,
      ),
  }),
];
