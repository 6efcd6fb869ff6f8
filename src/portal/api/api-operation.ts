import type { z } from 'zod';
import type { PortalDeps } from '../commands/portal-deps.ts';
import type { Principal } from '../domain/principal.ts';

export interface OperationContext<P, B, Q = unknown> {
  deps: PortalDeps;
  /** Absent only on operations with `auth: 'none'`. */
  principal: Principal | undefined;
  params: P;
  body: B;
  query: Q;
  ip: string;
}

/**
 * One operation of the portal's JSON API: its schemas validate the request and describe it in the OpenAPI
 * document, so the document cannot drift from what the server accepts.
 */
export interface ApiOperation<P = unknown, B = unknown, R = unknown, Q = unknown> {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI path template under /portal/api/v1, e.g. `/tokens/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  auth: 'none' | 'principal';
  params?: z.ZodType<P>;
  body?: z.ZodType<B>;
  /** Query parameters (all optional in the OpenAPI document unless the schema requires them). */
  query?: z.ZodType<Q>;
  status: number;
  /** A larger request body than the surface's default, for the few operations that carry a file. */
  bodyLimit?: number;
  response: z.ZodType<R>;
  handler(ctx: OperationContext<P, B, Q>): Promise<R>;
}

/** Type-checks one operation's handler against its schemas, then erases the types for the route list. */
export function operation<P, B, R, Q = unknown>(op: ApiOperation<P, B, R, Q>): ApiOperation {
  return op as unknown as ApiOperation;
}
