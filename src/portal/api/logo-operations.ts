import { z } from 'zod';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ValidationError } from '../../core/errors.ts';
import type { PortalDeps } from '../commands/portal-deps.ts';
import { uploadLogo } from '../commands/upload-logo.ts';
import type { Principal } from '../domain/principal.ts';
import { LOGO_MAX_BYTES } from '../logos/logo-image.ts';
import type { HistoryKind } from '../store/registry-history-store.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const id = z.string().min(1).max(100);
// Base64 of at most LOGO_MAX_BYTES (4 characters per 3 bytes); the file itself is checked by the command.
const body = z
  .object({
    contentBase64: z
      .string()
      .max(Math.ceil(LOGO_MAX_BYTES / 3) * 4 + 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/)
      .describe('The PNG, JPEG or WebP file, base64 (RFC 4648 §4). At most 256 KiB and 1024×1024 pixels.'),
  })
  .strict();
const response = z.object({
  file: z.string().describe('The registry `logo` value: `<sha256>.<png|jpg|webp>`.'),
  url: z.string().describe('Where Passi serves it.'),
  width: z.number().int(),
  height: z.number().int(),
  changed: z.boolean(),
});

function required(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('operation with auth "principal" reached without a principal');
  return principal;
}

function upload(
  deps: PortalDeps,
  principal: Principal | undefined,
  input: { organisationId: string; kind: HistoryKind; entityId: string; contentBase64: string },
  ip: string,
) {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length === 0)
    throw new ValidationError(
      ErrorCodes.PORTAL_LOGO_INVALID,
      [{ path: 'contentBase64', message: 'empty' }],
      'logo',
    );
  return uploadLogo(deps, required(principal), { ...input, bytes }, ip);
}

const summary = (what: string) =>
  `Upload a logo for the ${what} (main users of the organisation, operators): PNG, JPEG or WebP, checked by its content; SVG and GIF are refused.`;

/** Logo uploads for integrations (discovery) and services (docs/portal.md "Logos"). */
export const LOGO_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/integrations/{integrationId}/logo',
    operationId: 'uploadIntegrationLogo',
    summary: summary('integration’s discovery entry'),
    auth: 'principal',
    params: z.object({ organisationId: id, integrationId: id }),
    body,
    bodyLimit: 512 * 1024,
    status: 200,
    response,
    handler: ({ deps, principal, params, body: b, ip }) =>
      upload(
        deps,
        principal,
        {
          organisationId: params.organisationId,
          kind: 'integration',
          entityId: params.integrationId,
          contentBase64: b.contentBase64,
        },
        ip,
      ),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/services/{serviceId}/logo',
    operationId: 'uploadServiceLogo',
    summary: summary('service'),
    auth: 'principal',
    params: z.object({ organisationId: id, serviceId: id }),
    body,
    bodyLimit: 512 * 1024,
    status: 200,
    response,
    handler: ({ deps, principal, params, body: b, ip }) =>
      upload(
        deps,
        principal,
        {
          organisationId: params.organisationId,
          kind: 'service',
          entityId: params.serviceId,
          contentBase64: b.contentBase64,
        },
        ip,
      ),
  }),
];
