import { z } from 'zod';
import type { ApiOperation } from './api-operation.ts';

export const API_BASE = '/portal/api/v1';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), errorId: z.string() }),
});

/** JSON Schema 2020-12, the dialect of OpenAPI 3.1 (§4.8.24), without the per-schema `$schema`. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as Record<
    string,
    unknown
  >;
  return rest;
}

/** OpenAPI 3.1 §4.8.12: one `in: query` parameter per property, required as the schema says. */
function queryParametersOf(schema: z.ZodType): Record<string, unknown>[] {
  const json = jsonSchema(schema, 'input');
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries((json.properties ?? {}) as Record<string, unknown>).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
  }));
}

/**
 * The OpenAPI 3.1 document of the portal's JSON API, generated from the zod schemas the routes validate
 * with (docs/portal.md "JSON API").
 */
export function openApiDocument(operations: ApiOperation[], publicUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const pathParameters = op.params
      ? Object.entries((jsonSchema(op.params, 'input').properties ?? {}) as Record<string, unknown>).map(
          ([name, schema]) => ({ name, in: 'path', required: true, schema }),
        )
      : [];
    const queryParameters = op.query ? queryParametersOf(op.query) : [];
    const parameters =
      pathParameters.length + queryParameters.length > 0
        ? [...pathParameters, ...queryParameters]
        : undefined;
    const errors = Object.fromEntries(
      (op.auth === 'principal' ? ['400', '401', '403', '404', '429'] : ['429']).map((s) => [
        s,
        {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      ]),
    );
    paths[op.path] ??= {};
    paths[op.path] = {
      ...paths[op.path],
      [op.method]: {
        operationId: op.operationId,
        summary: op.summary,
        ...(op.auth === 'none' ? { security: [] } : {}),
        ...(parameters ? { parameters } : {}),
        ...(op.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
              },
            }
          : {}),
        responses: {
          [String(op.status)]: {
            description: 'Success',
            content: { 'application/json': { schema: jsonSchema(op.response, 'output') } },
          },
          ...errors,
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Passi management portal API',
      version: '1',
      description:
        'The same commands as the portal’s pages. Authenticate with a personal API token (`Authorization: Bearer passi_pat_…`) or, from the portal’s own pages, the session cookie plus the `X-CSRF-Token` header on every change.',
    },
    servers: [{ url: `${publicUrl}${API_BASE}` }],
    security: [{ bearerToken: [] }, { session: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'Personal API token (passi_pat_…).' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: publicUrl.startsWith('https:') ? '__Host-passi_portal' : 'passi_portal',
          description: 'Portal session; changes also need the X-CSRF-Token header.',
        },
      },
      schemas: { Error: jsonSchema(errorSchema, 'output') },
    },
  };
}
