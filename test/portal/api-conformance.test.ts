/**
 * The portal's JSON API against its own description, for every operation of API_OPERATIONS without naming
 * them (docs/portal.md "How the portal is tested"): the OpenAPI document is valid OpenAPI 3.1; the document,
 * API_OPERATIONS and the routes Fastify serves under /portal/api/v1 are the same set; each operation answers
 * a valid call with its documented status and a body its response schema accepts, and refusals in the
 * documented error form.
 */
import { validate } from '@readme/openapi-parser';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API_OPERATIONS } from '../../src/portal/api/api-operations.ts';
import { API_BASE } from '../../src/portal/api/openapi-document.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import {
  type ApiCall,
  apiClient,
  apiErrorSchema,
  changedTables,
  describeOp,
  errorCode,
  exampleQuery,
  fillPath,
  inCallOrder,
  OPERATION_EXAMPLES,
  ORGANISATION_PARAM,
  otherParams,
  someBody,
  storeSnapshot,
  validBody,
} from './api-operation-table.ts';
import { signedInBrowser } from './portal-support.ts';

/** The demo registry's education provider (demo/registry.yaml). */
const ORGANISATION = '1.2.246.562.99.00000000001';
const OPENAPI_OPERATION = 'GET /openapi.json';

const documentSchema = z.object({
  openapi: z.string(),
  paths: z.record(
    z.string(),
    z.record(z.string(), z.object({ operationId: z.string(), responses: z.record(z.string(), z.unknown()) })),
  ),
});
type OpenApiDocument = z.infer<typeof documentSchema>;

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

describe('portal JSON API: every operation conforms to the OpenAPI document generated from its schemas', () => {
  let t: TestApp;
  let session: ApiCall;
  let token: ApiCall;
  let anonymous: ApiCall;
  let doc: OpenApiDocument;
  let raw: unknown;

  beforeAll(async () => {
    t = await createTestApp();
    // An operator may call every operation, on any organisation; the sign-in is fresh (creating tokens).
    const { browser, csrf } = await signedInBrowser(t, 'conformance@example.fi', 'operator', 'passi');
    const cookie = browser.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '';
    session = apiClient(t.baseUrl, { cookie, csrf });
    anonymous = apiClient(t.baseUrl, undefined);
    const created = await session('post', '/tokens', { name: 'conformance', expiresInDays: 1 });
    token = apiClient(t.baseUrl, { bearer: z.object({ token: z.string() }).parse(created.body).token });
    const res = await fetch(`${t.baseUrl}${API_BASE}/openapi.json`);
    raw = await res.json();
    doc = documentSchema.parse(raw);
  });
  afterAll(() => t?.close());

  const documented = (method: string, path: string) => doc.paths[path]?.[method];
  const documentedStatuses = (method: string, path: string) =>
    Object.keys(documented(method, path)?.responses ?? {}).map(Number);

  it('serves an OpenAPI 3.1 document that validates', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(raw) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the document, API_OPERATIONS and the routes Fastify serves under /portal/api/v1 are one set', () => {
    const inDocument = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => key(m, path)))
      .sort();
    const inOperations = [OPENAPI_OPERATION, ...API_OPERATIONS.map((op) => key(op.method, op.path))].sort();
    const served = servedApiRoutes(t.app.server);
    expect(new Set(inOperations).size, 'an operation is listed twice in API_OPERATIONS').toBe(
      inOperations.length,
    );
    expect(inDocument).toEqual(inOperations);
    expect(served, 'served under /portal/api/v1 but not an operation (or the reverse)').toEqual(inOperations);
    const ids = API_OPERATIONS.map((op) => op.operationId);
    expect(new Set(ids).size, 'operationIds must be unique').toBe(ids.length);
    for (const op of API_OPERATIONS) {
      expect(documented(op.method, op.path)?.operationId).toBe(op.operationId);
      expect(documentedStatuses(op.method, op.path)).toContain(op.status);
    }
    const unknownExamples = Object.keys(OPERATION_EXAMPLES).filter((id) => !ids.includes(id));
    expect(unknownExamples, 'examples for operations that do not exist').toEqual([]);
  });

  it('without credentials every operation that needs them answers 401 in the documented error form', async () => {
    const problems: string[] = [];
    for (const op of API_OPERATIONS.filter((o) => o.auth === 'principal')) {
      const answer = await anonymous(
        op.method,
        fillPath(op.path, { [ORGANISATION_PARAM]: ORGANISATION }),
        someBody(op),
      );
      const shape = apiErrorSchema.safeParse(answer.body);
      if (answer.status !== 401 || errorCode(answer) !== 'PASSI_PORTAL_SIGN_IN_REQUIRED' || !shape.success) {
        problems.push(`${describeOp(op)}: ${answer.status} ${JSON.stringify(answer.body)}`);
      } else if (!documentedStatuses(op.method, op.path).includes(401)) {
        problems.push(`${describeOp(op)}: 401 is not documented`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('an empty body is refused with 400 and its problems, and nothing is stored, wherever the body needs fields', async () => {
    const problems: string[] = [];
    for (const op of API_OPERATIONS.filter((o) => o.body && !o.body.safeParse({}).success)) {
      const before = await storeSnapshot(t.services);
      const answer = await session(op.method, fillPath(op.path, { [ORGANISATION_PARAM]: ORGANISATION }), {});
      const shape = apiErrorSchema.safeParse(answer.body);
      const changed = changedTables(before, await storeSnapshot(t.services));
      if (answer.status !== 400 || !shape.success || shape.data.error.code !== 'PASSI_REQUEST_INVALID') {
        problems.push(`${describeOp(op)}: ${answer.status} ${JSON.stringify(answer.body)}`);
      } else if ((shape.data.error.issues ?? []).length === 0) {
        problems.push(`${describeOp(op)}: 400 without the problems (error.issues)`);
      } else if (changed.length > 0) {
        problems.push(`${describeOp(op)}: the refused call changed ${changed.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every operation answers a valid call with its documented status and a body its response schema accepts', async () => {
    const problems: string[] = [];
    const missingExamples: string[] = [];
    for (const op of inCallOrder(API_OPERATIONS)) {
      const body = validBody(op);
      const example = OPERATION_EXAMPLES[op.operationId];
      if (!body || (otherParams(op).length > 0 && !example?.params)) {
        missingExamples.push(
          `${describeOp(op)} needs ${body ? '' : 'a valid body '}${otherParams(op).length > 0 && !example?.params ? `params {${otherParams(op).join('}, {')}} ` : ''}in OPERATION_EXAMPLES (test/portal/api-operation-table.ts)`,
        );
        continue;
      }
      // The same call with a personal token: a read must succeed; a change may also be refused in the
      // documented error form (some changes need a signed-in page, e.g. creating a token).
      for (const [via, call] of [
        ['session', session],
        ['token', token],
      ] as const) {
        const params = {
          ...(await example?.params?.(session, { app: t, organisationId: ORGANISATION })),
          [ORGANISATION_PARAM]: ORGANISATION,
        };
        const answer = await call(op.method, `${fillPath(op.path, params)}${exampleQuery(op)}`, body.body);
        const parsed = op.response.safeParse(answer.body);
        const mayRefuse = via === 'token' && op.method !== 'get';
        if (mayRefuse && answer.status !== op.status) {
          if (!apiErrorSchema.safeParse(answer.body).success) {
            problems.push(
              `${describeOp(op)} by token: ${answer.status} not in the error form: ${JSON.stringify(answer.body)}`,
            );
          } else if (!documentedStatuses(op.method, op.path).includes(answer.status)) {
            problems.push(`${describeOp(op)} by token: ${answer.status} is not documented`);
          }
        } else if (answer.status !== op.status) {
          problems.push(
            `${describeOp(op)} by ${via}: ${answer.status} instead of ${op.status}: ${JSON.stringify(answer.body)}`,
          );
        } else if (!parsed.success) {
          problems.push(
            `${describeOp(op)} by ${via}: the answer does not match its response schema: ${parsed.error.message}`,
          );
        }
      }
    }
    expect({ problems, missingExamples }).toEqual({ problems: [], missingExamples: [] });
  });
});

/**
 * The method and path of every route Fastify serves under API_BASE, as OpenAPI names them, read from
 * `printRoutes` (Fastify keeps no public list of routes). Every line must parse, and every route read must
 * answer `hasRoute`, so a change of the printed format fails here instead of hiding a route.
 */
function servedApiRoutes(server: FastifyInstance): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of server.printRoutes({ commonPrefix: false }).split('\n')) {
    if (line.trim() === '') continue;
    const m = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z]+(?:, [A-Z]+)*)\))?$/.exec(line);
    if (!m) throw new Error(`cannot read the route line ${JSON.stringify(line)}`);
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(m[2] ?? '');
    const url = stack.join('');
    const methods = (m[3] ?? '').split(', ').filter((x) => x !== '');
    if (!url.startsWith(`${API_BASE}/`)) continue;
    for (const method of methods) {
      // Fastify answers HEAD for every GET route by itself.
      if (method === 'HEAD' && methods.includes('GET')) continue;
      if (!server.hasRoute({ method: method as HTTPMethods, url }))
        throw new Error(`misread route ${method} ${url}`);
      routes.push(key(method, url.slice(API_BASE.length).replace(/:(\w+)/g, '{$1}')));
    }
  }
  return routes.sort();
}
