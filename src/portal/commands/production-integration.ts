import { sql } from 'kysely';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, ValidationError } from '../../core/errors.ts';
import { type Integration, integrationSchema } from '../../registry/integration-schema.ts';
import type { StoredEntity } from '../../registry/registry-repository.ts';
import type { Db } from '../../store/database.ts';
import type { Principal } from '../domain/principal.ts';
import { createIntegrationTestStore, type ProductionApproval } from '../store/integration-test-store.ts';
import { integrationOfOrganisation } from './integration-test-access.ts';
import { organisationRegistryOf } from './organisation-registry.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';
import { requireOperator } from './require-operator.ts';

/** A passed test login counts this long (docs/portal.md "Test login and production"). */
export const TEST_LOGIN_VALID_DAYS = 30;

/** MPASSid's production id range (docs/registry.md `id`): 1 000 000 – 1 999 999. */
const PRODUCTION_IDS = { first: 1_000_001, last: 1_999_999 };

/** The integration page, where the test login and production sections are; linked from the refusal and the test service. */
export const integrationTestPath = (organisationId: string, integrationId: string) =>
  `/portal/organisation/${encodeURIComponent(organisationId)}/integrations/${encodeURIComponent(integrationId)}`;

export interface CreatedProductionIntegration {
  integrationId: string;
  flowName: string;
  status: Integration['status'];
  sourceIntegrationId: string;
}

/**
 * "Going to production" (MPASSid: a test integration is never moved to production, a new one is created):
 * copies a test integration — settings, secrets, mapping, discovery, allowed services — into a NEW
 * integration with a new id in the production range and a new flow name, in deploymentPhase `production`.
 * Only after a passed test login of the test integration in the last 30 days; the integration schema's own
 * rules apply (https addresses outside test, no test directory), and the test integration is not changed.
 * With PASSI_PRODUCTION_INTEGRATIONS_NEED_APPROVAL the copy is `pending` until an operator approves it.
 */
export async function createProductionIntegration(
  deps: PortalDeps,
  principal: Principal,
  ids: { organisationId: string; integrationId: string },
  input: { flowName?: string },
  ip: string,
): Promise<CreatedProductionIntegration> {
  const what = 'create a production integration';
  await integrationOfOrganisation(deps, principal, ids, { what, change: true }, ip);
  const registry = organisationRegistryOf(deps);
  const now = deps.clock.now();
  if (!(await recentlyTested(deps, ids.integrationId))) {
    const testLogin = integrationTestPath(ids.organisationId, ids.integrationId);
    fail(
      ErrorCodes.PORTAL_TEST_LOGIN_REQUIRED,
      `integration ${ids.integrationId} has no passed test login in the last ${TEST_LOGIN_VALID_DAYS} days: test the connection first (${deps.publicUrl}${testLogin})`,
      { detail: { testLogin } },
    );
  }
  const needsApproval = deps.productionIntegrationsNeedApproval === true;
  // Read again inside the transaction below: the snapshot may lag a change made on another node.
  const created = await deps.db.transaction().execute(async (tx) => {
    // One creation at a time picks ids and flow names, so two copies never get the same new id.
    await sql`select pg_advisory_xact_lock(hashtext('passi-production-integration'))`.execute(tx);
    const existing = await registry.repo.list('integration', tx);
    const source = existing.find((e) => e.id === ids.integrationId);
    if (!source) fail(ErrorCodes.NOT_FOUND, `no integration ${ids.integrationId}`);
    if (source.doc.deploymentPhase !== 'test') {
      fail(
        ErrorCodes.PORTAL_INTEGRATION_NOT_TESTABLE,
        `integration ${source.id} is not a test integration: production integrations are created from test ones`,
      );
    }
    const doc = productionCopy(source, existing, input.flowName, needsApproval);
    await registry.repo.upsertManyIn(tx, [{ kind: 'integration', doc }], `portal:${principal.email}`);
    if (needsApproval) {
      await createIntegrationTestStore(tx).addApproval(
        {
          integrationId: doc.id,
          organisationId: ids.organisationId,
          sourceIntegrationId: source.id,
          requestedBy: principal.personId,
          requestedAt: now,
        },
        tx,
      );
    }
    await portalStores(tx, deps.clock).audit.record({
      actor: principal.personId,
      action: 'production-integration-created',
      organisationId: ids.organisationId,
      subject: doc.id,
      ip,
      detail: { from: source.id, flowName: doc.flowName, status: doc.status },
    });
    return {
      integrationId: doc.id,
      flowName: doc.flowName,
      status: doc.status,
      sourceIntegrationId: source.id,
    };
  });
  registry.repo.committed();
  return created;
}

/** The production copy of `source`, validated by the integration schema (its messages, with their paths). */
function productionCopy(
  source: StoredEntity<'integration'>,
  existing: readonly StoredEntity<'integration'>[],
  flowName: string | undefined,
  pending: boolean,
): Integration {
  const flowNames = new Set(existing.map((e) => e.doc.flowName));
  if (flowName !== undefined && flowNames.has(flowName)) {
    throw new ValidationError(
      ErrorCodes.REGISTRY_INVALID,
      [{ path: 'flowName', message: `flow name ${flowName} is already used by another integration` }],
      'production integration',
    );
  }
  const secrets = Object.keys(source.secrets).length > 0 ? { secrets: source.secrets } : {};
  const parsed = integrationSchema.safeParse({
    ...source.doc,
    ...secrets,
    id: nextProductionId(existing),
    flowName: flowName ?? freeFlowName(source.doc.flowName, flowNames),
    deploymentPhase: 'production',
    status: pending ? 'pending' : 'active',
  });
  if (!parsed.success) {
    throw new ValidationError(
      ErrorCodes.REGISTRY_INVALID,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      'production integration',
    );
  }
  return parsed.data;
}

function nextProductionId(existing: readonly StoredEntity<'integration'>[]): string {
  const used = existing
    .map((e) => Number(e.id))
    .filter((n) => n >= PRODUCTION_IDS.first && n <= PRODUCTION_IDS.last);
  const next = used.length ? Math.max(...used) + 1 : PRODUCTION_IDS.first;
  if (next > PRODUCTION_IDS.last) fail(ErrorCodes.REGISTRY_CONFLICT, 'the production id range is full');
  return String(next);
}

/** `MansikkalaTest` → `Mansikkala`, then `Mansikkala-2` …: a flow name no integration uses. */
function freeFlowName(testFlowName: string, used: ReadonlySet<string>): string {
  const base = (testFlowName.replace(/[-_]?test$/i, '') || testFlowName).slice(0, 56);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Whether the integration has a passed test login in the last 30 days (the caller has authorised the
 * reader already: the integration's page and createProductionIntegration).
 */
export async function recentlyTested(deps: PortalDeps, integrationId: string): Promise<boolean> {
  const since = new Date(deps.clock.now().getTime() - TEST_LOGIN_VALID_DAYS * 86_400_000);
  return (await createIntegrationTestStore(deps.db).lastPassedSince(integrationId, since)) !== undefined;
}

export interface PendingProductionIntegration extends ProductionApproval {
  flowName: string;
  type: string;
}

/** Production integrations waiting for an operator's approval, oldest first. Operators only. */
export async function pendingProductionIntegrations(
  deps: PortalDeps,
  principal: Principal,
  ip: string,
): Promise<PendingProductionIntegration[]> {
  await requireOperator(deps, principal, 'see production integrations waiting for approval', ip);
  const snapshot = await organisationRegistryOf(deps).cache.current();
  return (await createIntegrationTestStore(deps.db).pendingApprovals()).flatMap((a) => {
    const integration = snapshot.integrations.get(a.integrationId)?.integration;
    return integration ? [{ ...a, flowName: integration.flowName, type: integration.type }] : [];
  });
}

/** An operator approves a pending production integration: it becomes `active` (audited in both logs). */
export async function approveProductionIntegration(
  deps: PortalDeps,
  principal: Principal,
  integrationId: string,
  ip: string,
): Promise<{ integrationId: string; status: Integration['status'] }> {
  await requireOperator(deps, principal, 'approve a production integration', ip);
  const registry = organisationRegistryOf(deps);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx: Db) => {
    const approved = await createIntegrationTestStore(tx).approve(integrationId, principal.personId, now, tx);
    const stored = (await registry.repo.list('integration', tx)).find((e) => e.id === integrationId);
    if (!approved || stored?.doc.status !== 'pending') {
      fail(ErrorCodes.NOT_FOUND, `no production integration ${integrationId} waits for approval`);
    }
    await registry.repo.upsertManyIn(
      tx,
      [{ kind: 'integration', doc: { ...stored.doc, status: 'active' } }],
      `portal:${principal.email}`,
    );
    await portalStores(tx, deps.clock).audit.record({
      actor: principal.personId,
      action: 'production-integration-approved',
      organisationId: stored.doc.organisationOid,
      subject: integrationId,
      ip,
    });
  });
  registry.repo.committed();
  return { integrationId, status: 'active' };
}
