/**
 * Who may call what, for every operation of API_OPERATIONS by the path convention (docs/portal.md "How the
 * portal is tested"): organisation A's main user cannot read or change organisation B (403, audited, nothing
 * changes), cannot call operator operations, and A's viewer cannot change A. The convention itself is
 * enforced: an organisation is named only by {organisationId} under /organisations/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ApiOperation } from '../../src/portal/api/api-operation.ts';
import { API_OPERATIONS } from '../../src/portal/api/api-operations.ts';
import type { PortalRole } from '../../src/portal/domain/roles.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import {
  type ApiCall,
  apiClient,
  auditSince,
  changedTables,
  describeOp,
  errorCode,
  fillPath,
  hasScope,
  lastAuditId,
  OPERATION_EXAMPLES,
  type OperationScope,
  ORGANISATION_PARAM,
  scopeOf,
  someBody,
  storeSnapshot,
} from './api-operation-table.ts';
import { signedInBrowser } from './portal-support.ts';

/** A: the demo registry's education provider; B: another one, imported for this test. */
const A = '1.2.246.562.99.00000000001';
const B = '1.2.246.562.99.00000000077';
const REGISTRY_B = `
organisations:
  - oid: ${B}
    name: { fi: Toinen koulutustoimija, sv: Annan utbildningsanordnare, en: Another education provider }
    roles: [educationProvider]
`;

const inScope = (scope: OperationScope) => API_OPERATIONS.filter((op) => hasScope(op, scope));
const organisationOps = inScope('organisation');
const operatorOps = inScope('operator');
const changingOrganisationOps = organisationOps.filter((op) => op.method !== 'get');
const named = (ops: ApiOperation[]) => ops.map((op) => ({ name: describeOp(op), op }));
const NONE_YET = 'SKIPPED: no such operation in API_OPERATIONS yet';

describe('portal JSON API: an organisation’s data only for its own people, changes only by main users', () => {
  let t: TestApp;
  let caller: Record<'mainToken' | 'mainSession' | 'viewerToken', ApiCall>;

  async function personOf(email: string, role: PortalRole) {
    const { browser, csrf } = await signedInBrowser(t, email, role, A);
    const session = apiClient(t.baseUrl, {
      cookie: browser.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '',
      csrf,
    });
    const created = await session('post', '/tokens', { name: 'cross-organisation', expiresInDays: 1 });
    const token = z.object({ token: z.string() }).parse(created.body).token;
    return { session, token: apiClient(t.baseUrl, { bearer: token }) };
  }

  beforeAll(async () => {
    t = await createTestApp({ registry: REGISTRY_B });
    const main = await personOf('a.main@example.fi', 'education-main');
    const viewer = await personOf('a.viewer@example.fi', 'education-viewer');
    caller = { mainToken: main.token, mainSession: main.session, viewerToken: viewer.token };
  });
  afterAll(() => t?.close());

  /** Path values for a call on `organisationId`: the example's (made by A's main user) or plausible ids. */
  const pathOf = async (op: ApiOperation, organisationId: string) =>
    fillPath(op.path, {
      ...(await OPERATION_EXAMPLES[op.operationId]?.params?.(caller.mainSession, { app: t, organisationId })),
      [ORGANISATION_PARAM]: organisationId,
    });

  /** Calls once and returns what is wrong with the answer: not 403 PASSI_PORTAL_FORBIDDEN, a change, no audit. */
  async function refusal(call: ApiCall, op: ApiOperation, organisationId: string, audited: boolean) {
    const path = await pathOf(op, organisationId);
    const before = await storeSnapshot(t.services);
    const since = await lastAuditId(t.services.db);
    const answer = await call(op.method, path, someBody(op));
    const changed = changedTables(before, await storeSnapshot(t.services));
    const audit = await auditSince(t.services.db, since);
    const problems: string[] = [];
    if (answer.status !== 403 || errorCode(answer) !== 'PASSI_PORTAL_FORBIDDEN') {
      problems.push(
        `${answer.status} ${JSON.stringify(answer.body)} instead of 403 PASSI_PORTAL_FORBIDDEN${answer.status === 400 ? ' (a body or path example in OPERATION_EXAMPLES may be missing)' : ''}`,
      );
    }
    if (changed.length > 0) problems.push(`changed ${changed.join(', ')}`);
    if (audited && !audit.some((a) => a.action === 'access-refused' && a.subject === organisationId)) {
      problems.push(`no access-refused audit row with subject ${organisationId}: ${JSON.stringify(audit)}`);
    }
    return problems;
  }

  it('every operation follows the path convention (an organisation only as /organisations/{organisationId})', () => {
    const broken = API_OPERATIONS.flatMap((op) => {
      const s = scopeOf(op);
      return 'problem' in s ? [`${describeOp(op)} ${s.problem}`] : [];
    });
    expect(broken).toEqual([]);
    // The convention check itself: other names for an organisation are caught.
    const probe = (path: string) =>
      scopeOf({
        method: 'get',
        path,
        operationId: 'probe',
        summary: 'probe',
        auth: 'principal',
        status: 200,
        response: z.object({}),
        handler: async () => ({}),
      });
    expect(probe('/organisations/{orgId}/people')).toHaveProperty('problem');
    expect(probe('/organisations/{id}')).toHaveProperty('problem');
    expect(probe('/services/{serviceId}')).toHaveProperty('problem');
    expect(probe('/organisations/{organisationId}/people/{personId}')).toEqual({ scope: 'organisation' });
  });

  if (organisationOps.length === 0) it.skip(`organisation B with A’s main user: ${NONE_YET}`, () => {});
  it.each(named(organisationOps))(
    'organisation B with A’s main user (token and session): $name → 403, audited, nothing changes',
    async ({ op }) => {
      expect(await refusal(caller.mainToken, op, B, true), 'with a token').toEqual([]);
      expect(await refusal(caller.mainSession, op, B, true), 'with a session').toEqual([]);
    },
  );

  if (operatorOps.length === 0) it.skip(`operator operations with A’s tokens: ${NONE_YET}`, () => {});
  it.each(named(operatorOps))(
    'operator operation with A’s main and viewer tokens: $name → 403',
    async ({ op }) => {
      expect(await refusal(caller.mainToken, op, A, false), 'main user').toEqual([]);
      expect(await refusal(caller.viewerToken, op, A, false), 'viewer').toEqual([]);
    },
  );

  if (changingOrganisationOps.length === 0) it.skip(`changes by A’s viewer on A: ${NONE_YET}`, () => {});
  it.each(named(changingOrganisationOps))(
    'change of organisation A with A’s viewer token: $name → 403, audited, nothing changes',
    async ({ op }) => {
      expect(await refusal(caller.viewerToken, op, A, true)).toEqual([]);
    },
  );

  it('the refusal check can tell: A’s main user reading their own data is not refused', async () => {
    const me = await caller.mainToken('get', '/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ organisationId: A, role: 'education-main' });
    const viewerMe = await caller.viewerToken('get', '/me');
    expect(viewerMe.body).toMatchObject({ organisationId: A, role: 'education-viewer' });
  });
});
