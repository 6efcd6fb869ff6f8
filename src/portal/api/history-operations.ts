import { z } from 'zod';
import { entityHistory, restoreVersion } from '../commands/registry-history.ts';
import type { Principal } from '../domain/principal.ts';
import type { HistoryKind } from '../store/registry-history-store.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const id = z.string().min(1).max(100);
const change = z.union([
  z.object({ path: z.string(), before: z.string(), after: z.string() }),
  z.object({
    path: z.string(),
    secret: z.literal(true).describe('A secret changed; its value is never shown.'),
  }),
]);
const history = z.object({
  organisationId: z.string(),
  kind: z.enum(['integration', 'service']),
  entityId: z.string(),
  name: z.record(z.string(), z.string()).describe('Shown name by language.'),
  versions: z.array(
    z.object({
      id: z.string().describe('The version (audit log row) id, for restore.'),
      at: z.iso.datetime(),
      who: z.string().describe('The registry actor: `portal:<e-mail>`, `import`, `admin-api`.'),
      action: z.enum(['create', 'update', 'delete']),
      changes: z.array(change),
      current: z.boolean(),
      restorable: z.boolean(),
    }),
  ),
});

function required(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('operation with auth "principal" reached without a principal');
  return principal;
}

const versionId = z
  .string()
  .regex(/^[0-9]{1,18}$/)
  .describe('A version id from the history.');
const integrationParams = z.object({ organisationId: id, integrationId: id });
const serviceParams = z.object({ organisationId: id, serviceId: id });
const integrationVersionParams = integrationParams.extend({ versionId });
const serviceVersionParams = serviceParams.extend({ versionId });

/**
 * History and restore of one kind. `params` names the entity in the path under its own name
 * (`integrationId`, `serviceId`), so the document and the route agree; `entityIdOf` reads it back.
 */
function historyOperations<P extends { organisationId: string }>(
  kind: HistoryKind,
  base: string,
  name: string,
  params: z.ZodType<P>,
  versionParams: z.ZodType<P & { versionId: string }>,
  entityIdOf: (p: P) => string,
) {
  return [
    operation({
      method: 'get',
      path: base,
      operationId: `get${name}History`,
      summary: `The ${kind}’s versions, newest first: who, when and what changed (secrets only as changed).`,
      auth: 'principal',
      params,
      status: 200,
      response: history,
      handler: async ({ deps, principal, params: p, ip }) => {
        const h = await entityHistory(
          deps,
          required(principal),
          { organisationId: p.organisationId, kind, entityId: entityIdOf(p) },
          ip,
        );
        return { ...h, versions: h.versions.map((v) => ({ ...v, at: v.at.toISOString() })) };
      },
    }),
    operation({
      method: 'post',
      path: `${base}/{versionId}/restore`,
      operationId: `restore${name}Version`,
      summary: `Write an earlier version of the ${kind} back as a new change (main users of the organisation, operators); the current secrets stay. A version that no longer validates is refused with the reason.`,
      auth: 'principal',
      params: versionParams,
      body: z.object({}).strict(),
      status: 200,
      response: z.object({ changed: z.boolean() }),
      handler: ({ deps, principal, params: p, ip }) =>
        restoreVersion(
          deps,
          required(principal),
          { organisationId: p.organisationId, kind, entityId: entityIdOf(p), versionId: p.versionId },
          ip,
        ),
    }),
  ];
}

/** Version history and restore of integrations and services (docs/portal.md "History"). */
export const HISTORY_OPERATIONS: ApiOperation[] = [
  ...historyOperations(
    'integration',
    '/organisations/{organisationId}/integrations/{integrationId}/history',
    'Integration',
    integrationParams,
    integrationVersionParams,
    (p) => p.integrationId,
  ),
  ...historyOperations(
    'service',
    '/organisations/{organisationId}/services/{serviceId}/history',
    'Service',
    serviceParams,
    serviceVersionParams,
    (p) => p.serviceId,
  ),
];
