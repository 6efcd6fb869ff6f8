import { z } from 'zod';
import { DATA_NAMES } from '../../model/attribute-catalogue.ts';
import { createProductionService } from '../commands/create-production-service.ts';
import { createService } from '../commands/create-service.ts';
import { getService, listServices } from '../commands/list-services.ts';
import {
  DEFAULT_OVERLAP_DAYS,
  MAX_OVERLAP_DAYS,
  rotateClientSecret,
} from '../commands/rotate-client-secret.ts';
import { createServiceSet, listServiceSets } from '../commands/service-sets.ts';
import { updateService } from '../commands/update-service.ts';
import type { Principal } from '../domain/principal.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const orgParams = z.object({ organisationId: z.string().min(1).max(100) });
const serviceParams = orgParams.extend({ serviceId: z.string().min(1).max(100) });
const text = z.string().trim().max(200).optional();
const name = z.object({ fi: text, sv: text, en: text }).strict().describe('At least one of fi, sv, en.');
const url = z.string().max(2000);

const serviceSet = z.object({
  id: z.string(),
  name: z.object({ fi: text, sv: text, en: text }),
  organisationOid: z.string(),
});
const serviceView = z.object({
  id: z.string(),
  organisationId: z.string(),
  name: z.object({ fi: text, sv: text, en: text }),
  protocol: z.enum(['saml', 'oidc']),
  deploymentPhase: z.enum(['test', 'production', 'preproduction']),
  status: z.enum(['active', 'inactive']),
  access: z.enum(['open', 'agreement']),
  serviceSets: z.array(z.string()),
  releasedAttributes: z.array(z.string()).nullable().describe('null: every attribute (the MPASSid default).'),
  logo: z.string().nullable(),
  saml: z
    .object({
      entityId: z.string(),
      acs: z.array(z.object({ location: z.string(), index: z.number(), isDefault: z.boolean() })),
      nameIdFormat: z.enum(['transient', 'persistent']),
      signingCertificates: z.number(),
      encryptionCertificates: z.number(),
      signing: z.array(z.object({ subject: z.string(), notAfter: z.string().nullable() })),
    })
    .nullable(),
  oidc: z
    .object({
      clientId: z.string(),
      redirectUris: z.array(z.string()),
      postLogoutRedirectUris: z.array(z.string()),
      tokenEndpointAuthMethod: z.string(),
      hasSecret: z.boolean(),
      previousSecretExpiresAt: z.string().nullable(),
    })
    .nullable(),
});
const created = z.object({
  service: serviceView,
  clientSecret: z.string().optional().describe('OIDC: the generated client secret, in this answer only.'),
});

const common = {
  name,
  serviceSetIds: z
    .array(z.string().max(100))
    .max(20)
    .optional()
    .describe('None: a new set named like the service.'),
  releasedAttributes: z
    .array(z.enum(DATA_NAMES))
    .max(DATA_NAMES.length)
    .optional()
    .describe('Data-model attributes the service needs; absent: all.'),
};
export const createServiceBody = z.discriminatedUnion('protocol', [
  z
    .object({
      ...common,
      protocol: z.literal('oidc'),
      redirectUris: z.array(url).min(1).max(20),
      postLogoutRedirectUris: z.array(url).max(20).optional(),
      tokenEndpointAuthMethod: z.enum(['client_secret_basic', 'client_secret_post']).optional(),
    })
    .strict(),
  z
    .object({
      ...common,
      protocol: z.literal('saml'),
      metadataUrl: url.optional().describe('Fetched now (https).'),
      metadataXml: z
        .string()
        .max(512 * 1024)
        .optional(),
      nameIdFormat: z.enum(['transient', 'persistent']).optional(),
    })
    .strict(),
]);

export const updateServiceBody = z
  .object({
    expectedRevision: z
      .number()
      .int()
      .min(1)
      .describe('The revision read; a newer one refuses the change (409).'),
    name: name.optional(),
    serviceSetIds: common.serviceSetIds,
    releasedAttributes: z
      .array(z.enum(DATA_NAMES))
      .max(DATA_NAMES.length)
      .nullable()
      .optional()
      .describe('null: every attribute; absent: unchanged.'),
    access: z.enum(['open', 'agreement']).optional(),
    status: z.enum(['active', 'inactive']).optional(),
    redirectUris: z.array(url).min(1).max(20).optional().describe('OIDC.'),
    postLogoutRedirectUris: z.array(url).max(20).optional().describe('OIDC.'),
    tokenEndpointAuthMethod: z
      .enum(['client_secret_basic', 'client_secret_post'])
      .optional()
      .describe('OIDC.'),
    acsUrls: z.array(url).min(1).max(20).optional().describe('SAML: the first is the default.'),
    nameIdFormat: z.enum(['transient', 'persistent']).optional().describe('SAML.'),
    metadataUrl: url.optional().describe('SAML: refreshed metadata, fetched now (https).'),
    metadataXml: z
      .string()
      .max(512 * 1024)
      .optional()
      .describe('SAML: refreshed metadata.'),
  })
  .strict();

function required(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('operation with auth "principal" reached without a principal');
  return principal;
}

/** Services of a service provider (docs/portal.md "Services"). */
export const SERVICE_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/service-sets',
    operationId: 'listServiceSets',
    summary: 'The organisation’s service sets.',
    auth: 'principal',
    params: orgParams,
    status: 200,
    response: z.object({ serviceSets: z.array(serviceSet) }),
    handler: async ({ deps, principal, params, ip }) => ({
      serviceSets: await listServiceSets(deps, required(principal), params.organisationId, ip),
    }),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/service-sets',
    operationId: 'createServiceSet',
    summary: 'Create a service set (service provider main users and operators).',
    auth: 'principal',
    params: orgParams,
    body: z.object({ name }).strict(),
    status: 201,
    response: serviceSet,
    handler: async ({ deps, principal, params, body, ip }) =>
      createServiceSet(deps, required(principal), params.organisationId, body.name, ip),
  }),
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/services',
    operationId: 'listServices',
    summary: 'The organisation’s services (never their secrets).',
    auth: 'principal',
    params: orgParams,
    status: 200,
    response: z.object({ services: z.array(serviceView) }),
    handler: async ({ deps, principal, params, ip }) => ({
      services: await listServices(deps, required(principal), params.organisationId, ip),
    }),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/services',
    operationId: 'createService',
    summary:
      'Register a service in the test phase: OIDC (Passi generates the client id and secret; the secret is in this answer only) or SAML from metadata.',
    auth: 'principal',
    params: orgParams,
    body: createServiceBody,
    status: 201,
    response: created,
    handler: async ({ deps, principal, params, body, ip }) =>
      createService(deps, required(principal), params.organisationId, body, ip),
  }),
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/services/{serviceId}',
    operationId: 'getService',
    summary: 'One service, and whether it has had a completed login.',
    auth: 'principal',
    params: serviceParams,
    status: 200,
    response: serviceView.extend({
      tested: z.boolean(),
      revision: z.number().describe('Send it back as expectedRevision when changing the service.'),
    }),
    handler: async ({ deps, principal, params, ip }) =>
      getService(deps, required(principal), params.organisationId, params.serviceId, ip),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/services/{serviceId}',
    operationId: 'updateService',
    summary:
      'Change a service (same checks as create; not its phase or secret). A change based on an older revision is refused with 409 PASSI_REGISTRY_REVISION_CONFLICT naming who changed it last and when.',
    auth: 'principal',
    params: serviceParams,
    body: updateServiceBody,
    status: 200,
    response: z.object({ service: serviceView, revision: z.number() }),
    handler: async ({ deps, principal, params, body, ip }) =>
      updateService(deps, required(principal), params.organisationId, params.serviceId, body, ip),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/services/{serviceId}/rotate-secret',
    operationId: 'rotateServiceSecret',
    summary: `Generate a new client secret (in this answer only); the old one keeps working for overlapDays (default ${DEFAULT_OVERLAP_DAYS}, at most ${MAX_OVERLAP_DAYS}).`,
    auth: 'principal',
    params: serviceParams,
    body: z.object({ overlapDays: z.number().int().min(0).max(MAX_OVERLAP_DAYS).optional() }).strict(),
    status: 200,
    response: z.object({ clientSecret: z.string(), previousSecretExpiresAt: z.string().nullable() }),
    handler: async ({ deps, principal, params, body, ip }) =>
      rotateClientSecret(
        deps,
        required(principal),
        params.organisationId,
        params.serviceId,
        body.overlapDays ?? DEFAULT_OVERLAP_DAYS,
        ip,
      ),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/services/{serviceId}/production',
    operationId: 'createProductionService',
    summary:
      'Create a new production service from a test service that has had a completed login (SAML: give the production entityId).',
    auth: 'principal',
    params: serviceParams,
    body: z.object({ entityId: z.string().max(1024).optional() }).strict(),
    status: 201,
    response: created,
    handler: async ({ deps, principal, params, body, ip }) =>
      createProductionService(deps, required(principal), params.organisationId, params.serviceId, body, ip),
  }),
];
