import { z } from 'zod';
import { API_TOKEN_MAX_DAYS, createApiToken, listApiTokens, revokeApiToken } from '../commands/api-tokens.ts';
import type { Principal } from '../domain/principal.ts';
import { PORTAL_ROLES } from '../domain/roles.ts';
import type { ApiToken } from '../store/api-token-store.ts';
import { AGREEMENT_OPERATIONS } from './agreement-operations.ts';
import { type ApiOperation, operation } from './api-operation.ts';
import { ENTRA_TEST_OPERATIONS } from './entra-test-operations.ts';
import { HEALTH_OPERATIONS } from './health-operations.ts';
import { HISTORY_OPERATIONS } from './history-operations.ts';
import { INSIGHT_OPERATIONS } from './insight-operations.ts';
import { INTEGRATION_OPERATIONS } from './integration-operations.ts';
import { INTEGRATION_TEST_OPERATIONS } from './integration-test-operations.ts';
import { JOIN_OPERATIONS } from './join-operations.ts';
import { LOGO_OPERATIONS } from './logo-operations.ts';
import { ORGANISATION_OPERATIONS } from './organisation-operations.ts';
import { READINESS_OPERATIONS } from './readiness-operations.ts';
import { SERVICE_OPERATIONS } from './service-operations.ts';
import { SUMMARY_OPERATIONS } from './summary-operations.ts';

const role = z.enum(PORTAL_ROLES).describe('Role in the organisation (docs/portal.md "Roles").');
const timestamp = z.iso.datetime().describe('RFC 3339 time (UTC).');

export const meSchema = z
  .object({
    email: z.string(),
    displayName: z.string(),
    organisationId: z.string().describe('Registry organisation id; `passi` for operators.'),
    role,
    via: z.enum(['session', 'token']),
  })
  .describe('Who is calling, for which organisation, in which role.');

const tokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  organisationId: z.string(),
  role,
  createdAt: timestamp,
  expiresAt: timestamp,
  revokedAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
});

export const createTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100).describe('What the token is for, e.g. "CI deploy".'),
    expiresInDays: z.number().int().min(1).max(API_TOKEN_MAX_DAYS),
  })
  .strict();

const idParams = z.object({ id: z.string().max(100) });

const toInfo = (t: ApiToken): z.infer<typeof tokenInfo> => ({
  id: t.id,
  name: t.name,
  organisationId: t.organisationId,
  role: t.role,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt.toISOString(),
  revokedAt: t.revokedAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
});

function required(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('operation with auth "principal" reached without a principal');
  return principal;
}

/** Every operation of /portal/api/v1 except the OpenAPI document itself. */
export const API_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'get',
    path: '/me',
    operationId: 'getMe',
    summary: 'Who is calling: person, organisation and role of the session or token.',
    auth: 'principal',
    status: 200,
    response: meSchema,
    handler: async ({ principal }) => {
      const p = required(principal);
      return {
        email: p.email,
        displayName: p.displayName,
        organisationId: p.organisationId,
        role: p.role,
        via: p.via,
      };
    },
  }),
  operation({
    method: 'get',
    path: '/tokens',
    operationId: 'listTokens',
    summary: 'The caller’s own API tokens for the current organisation (secrets are never shown again).',
    auth: 'principal',
    status: 200,
    response: z.object({ tokens: z.array(tokenInfo) }),
    handler: async ({ deps, principal }) => ({
      tokens: (await listApiTokens(deps, required(principal))).map(toInfo),
    }),
  }),
  operation({
    method: 'post',
    path: '/tokens',
    operationId: 'createToken',
    summary:
      'Create an API token for the caller’s organisation and role. Needs a session signed in within 10 minutes and the X-CSRF-Token header; the token is in this answer only.',
    auth: 'principal',
    body: createTokenBody,
    status: 201,
    response: tokenInfo.extend({ token: z.string().describe('Bearer token; shown once.') }),
    handler: async ({ deps, principal, body, ip }) => {
      const { token, info } = await createApiToken(deps, required(principal), body, ip);
      return { ...toInfo(info), token };
    },
  }),
  operation({
    method: 'delete',
    path: '/tokens/{id}',
    operationId: 'revokeToken',
    summary: 'Revoke one of the caller’s own API tokens.',
    auth: 'principal',
    params: idParams,
    status: 200,
    response: z.object({ revoked: z.literal(true) }),
    handler: async ({ deps, principal, params, ip }) => {
      await revokeApiToken(deps, required(principal), params.id, ip);
      return { revoked: true as const };
    },
  }),
  ...ORGANISATION_OPERATIONS,
  ...READINESS_OPERATIONS,
  ...INSIGHT_OPERATIONS,
  ...HISTORY_OPERATIONS,
  ...HEALTH_OPERATIONS,
  ...LOGO_OPERATIONS,
  ...JOIN_OPERATIONS,
  ...SUMMARY_OPERATIONS,
  ...INTEGRATION_OPERATIONS,
  ...INTEGRATION_TEST_OPERATIONS,
  ...SERVICE_OPERATIONS,
  ...AGREEMENT_OPERATIONS,
  ...ENTRA_TEST_OPERATIONS,
];
