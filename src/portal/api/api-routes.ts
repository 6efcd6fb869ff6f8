import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, ValidationError } from '../../core/errors.ts';
import { presentError } from '../../http/error-presentation.ts';
import { authenticateApiToken } from '../commands/api-tokens.ts';
import { authoriseOrganisation } from '../commands/organisation-access.ts';
import type { PortalDeps } from '../commands/portal-deps.ts';
import { requireOperator } from '../commands/require-operator.ts';
import type { Principal } from '../domain/principal.ts';
import type { PortalCookies } from '../http/portal-cookies.ts';
import { CSRF_HEADER, checkCsrf, lookUpSession } from '../http/portal-session.ts';
import { type ApiOperation, operation } from './api-operation.ts';
import { API_OPERATIONS } from './api-operations.ts';
import { openApiDocument } from './openapi-document.ts';

/**
 * The portal's JSON API under /portal/api/v1 (docs/portal.md "JSON API"): requests are validated by the
 * same zod schemas that generate the OpenAPI document at /portal/api/v1/openapi.json.
 */
export function portalApiRoutes(input: {
  deps: () => PortalDeps;
  cookies: PortalCookies;
  publicUrl: string;
}): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const operations: ApiOperation[] = [
      operation({
        method: 'get',
        path: '/openapi.json',
        operationId: 'getOpenApiDocument',
        summary: 'This document (OpenAPI 3.1).',
        auth: 'none',
        status: 200,
        response: z.record(z.string(), z.unknown()),
        handler: async () => document,
      }),
      ...API_OPERATIONS,
    ];
    const document = openApiDocument(operations, input.publicUrl);

    app.setErrorHandler((error, request, reply) => {
      const p = presentError(error);
      request.log[p.status >= 500 ? 'error' : 'info'](
        { err: error, errorId: request.id, code: p.code },
        'portal API request failed',
      );
      const issues = error instanceof ValidationError ? error.issues : undefined;
      return reply
        .status(p.status)
        .header('cache-control', 'no-store')
        .send({
          error: {
            code: p.code,
            message: p.status < 500 && error instanceof Error ? error.message : 'internal error',
            errorId: request.id,
            ...(issues ? { issues } : {}),
          },
        });
    });

    /** Bearer token, or the session cookie (then every change needs the session's X-CSRF-Token). */
    const principalOf = async (request: FastifyRequest): Promise<Principal> => {
      const deps = input.deps();
      const authorization = request.headers.authorization;
      if (authorization?.startsWith('Bearer ')) {
        return authenticateApiToken(deps, authorization.slice('Bearer '.length).trim(), request.ip);
      }
      const found = await lookUpSession(deps, input.cookies, request);
      if (!found.viewer) fail(ErrorCodes.PORTAL_SIGN_IN_REQUIRED, 'sign in or send an API token');
      if (request.method !== 'GET') checkCsrf(found.viewer, request.headers[CSRF_HEADER]);
      const { person, session } = found.viewer;
      return {
        personId: person.id,
        email: person.email,
        displayName: person.displayName,
        organisationId: session.organisationId,
        role: session.role,
        via: 'session',
        authenticatedAt: session.authenticatedAt,
      };
    };

    /**
     * Who may call an operation follows from its path (docs/portal.md "JSON API"), checked before the body
     * is read: another organisation's `{organisationId}`, a viewer's change, or an operator path of anyone
     * else is refused with 403 and audited, whatever the body says. Commands check again (defence in depth).
     */
    const authoriseByPath = async (op: ApiOperation, principal: Principal, request: FastifyRequest) => {
      const deps = input.deps();
      const what = op.operationId;
      if (op.path.startsWith('/operator/')) return requireOperator(deps, principal, what, request.ip);
      const organisationId = Reflect.get(Object(request.params), 'organisationId');
      if (!op.path.includes('{organisationId}') || typeof organisationId !== 'string') return;
      await authoriseOrganisation(
        deps,
        principal,
        organisationId,
        { what, change: op.method !== 'get' },
        request.ip,
      );
    };

    for (const op of operations) {
      app.route({
        method: op.method.toUpperCase() as 'GET' | 'POST' | 'DELETE',
        url: op.path.replace(/\{(\w+)\}/g, ':$1'),
        ...(op.bodyLimit ? { bodyLimit: op.bodyLimit } : {}),
        handler: async (request, reply) => {
          const principal = op.auth === 'principal' ? await principalOf(request) : undefined;
          if (principal) await authoriseByPath(op, principal, request);
          const params = op.params ? validate(op.params, request.params, 'path parameters') : undefined;
          const body = op.body ? validate(op.body, request.body, 'request body') : undefined;
          const query = op.query ? validate(op.query, request.query, 'query parameters') : undefined;
          const result = await op.handler({
            deps: input.deps(),
            principal,
            params,
            body,
            query,
            ip: request.ip,
          });
          return reply.status(op.status).header('cache-control', 'no-store').send(result);
        },
      });
    }
  };
}

/** Nothing is stored until the input is valid: a 400 lists every problem with its path. */
function validate(schema: z.ZodType, value: unknown, what: string): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    ErrorCodes.REQUEST_INVALID,
    parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    what,
  );
}
