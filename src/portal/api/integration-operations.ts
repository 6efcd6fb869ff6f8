import { z } from 'zod';
import { discoverySchema } from '../../registry/integration-schema.ts';
import { createIntegration } from '../commands/integrations/create-integration.ts';
import { getIntegration } from '../commands/integrations/get-integration.ts';
import {
  createIntegrationInputSchema,
  updateIntegrationInputSchema,
} from '../commands/integrations/integration-input.ts';
import { listIntegrations } from '../commands/integrations/list-integrations.ts';
import { previewSamlMetadata } from '../commands/integrations/preview-saml-metadata.ts';
import { updateIntegration } from '../commands/integrations/update-integration.ts';
import type { Principal } from '../domain/principal.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const orgParams = z.object({ organisationId: z.string().min(1).max(100) });
const integrationParams = orgParams.extend({ integrationId: z.string().min(1).max(20) });
const localised = z.object({
  fi: z.string().optional(),
  sv: z.string().optional(),
  en: z.string().optional(),
});

const summary = z.object({
  id: z.string(),
  type: z.string(),
  wizardType: z.string().optional(),
  flowName: z.string(),
  deploymentPhase: z.string(),
  status: z.string(),
  displayName: localised,
  revision: z.number().int(),
});

const metadataPreview = z
  .object({
    entityId: z.string(),
    validUntil: z.string().optional(),
    certificates: z.array(z.object({ fingerprint: z.string(), notAfter: z.string() })),
  })
  .describe('The school IdP metadata as read on save: entity id, signing certificates’ expiry, validUntil.');

const saved = z.object({
  id: z.string(),
  flowName: z.string(),
  revision: z.number().int(),
  metadata: metadataPreview.optional(),
});

const integrationDocument = z.object({
  id: z.string(),
  organisationOid: z.string(),
  type: z.string(),
  flowName: z.string(),
  deploymentPhase: z.string(),
  status: z.string(),
  settings: z.record(z.string(), z.unknown()),
  mapping: z.record(z.string(), z.unknown()),
  discovery: discoverySchema,
  allowedServices: z.array(z.string()),
  restrictSchoolsToOrganisation: z.boolean(),
});

function required(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('operation with auth "principal" reached without a principal');
  return principal;
}

/** An education provider's integrations (docs/portal.md "Integrations"). */
export const INTEGRATION_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/integrations',
    operationId: 'listIntegrations',
    summary: 'The organisation’s integrations: id, type, flow name, phase, status, display name, revision.',
    auth: 'principal',
    params: orgParams,
    status: 200,
    response: z.object({ integrations: z.array(summary) }),
    handler: async ({ deps, principal, params, ip }) => ({
      integrations: await listIntegrations(deps, required(principal), params.organisationId, ip),
    }),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/integrations',
    operationId: 'createIntegration',
    summary:
      'Create an integration in the test phase (education provider’s main user or operator). Settings are checked now: SAML metadata is fetched and read, an OpenID provider’s discovery document fetched; 400 lists every problem by field.',
    auth: 'principal',
    params: orgParams,
    body: createIntegrationInputSchema,
    status: 201,
    response: saved,
    handler: ({ deps, principal, params, body, ip }) =>
      createIntegration(deps, required(principal), params.organisationId, body, ip),
  }),
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/integrations/{integrationId}',
    operationId: 'getIntegration',
    summary: 'One integration (secrets only by name), its revision and who changed it last.',
    auth: 'principal',
    params: integrationParams,
    status: 200,
    response: z.object({
      integration: integrationDocument,
      secretsSet: z.array(z.string()),
      revision: z.number().int(),
      lastChange: z.object({ actor: z.string(), at: z.iso.datetime() }).nullable(),
    }),
    handler: async ({ deps, principal, params, ip }) => {
      const view = await getIntegration(
        deps,
        required(principal),
        params.organisationId,
        params.integrationId,
        ip,
      );
      return {
        integration: view.integration,
        secretsSet: view.secretsSet,
        revision: view.revision,
        lastChange: view.lastChange
          ? { actor: view.lastChange.actor, at: view.lastChange.at.toISOString() }
          : null,
      };
    },
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/integrations/{integrationId}',
    operationId: 'updateIntegration',
    summary:
      'Change an integration (same checks as create). With expectedRevision, a change based on an older revision is refused with 409 PASSI_REGISTRY_REVISION_CONFLICT naming who changed it last and when.',
    auth: 'principal',
    params: integrationParams,
    body: updateIntegrationInputSchema,
    status: 200,
    response: saved,
    handler: ({ deps, principal, params, body, ip }) =>
      updateIntegration(deps, required(principal), params.organisationId, params.integrationId, body, ip),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/saml-metadata-previews',
    operationId: 'previewSamlMetadata',
    summary:
      'Read a school IdP’s SAML metadata (by address or as XML) with the checks of a save, without saving anything.',
    auth: 'principal',
    params: orgParams,
    body: z
      .object({
        metadataUrl: z.string().max(2000).optional(),
        metadataXml: z.string().max(2_100_000).optional(),
      })
      .strict(),
    status: 200,
    response: metadataPreview,
    handler: ({ deps, principal, params, body, ip }) =>
      previewSamlMetadata(deps, required(principal), params.organisationId, body, ip),
  }),
];
