import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Flow ids are random base64url strings (login-flow.ts newId). */
const FLOW_ID_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Each request's reply, on the request itself: Fastify's own "request completed" line is written through
 * `reply.log`. Not in a WeakMap keyed by the request: the reply leads back to its request, and V8's
 * young-generation collector treats the values of a long-lived weak map as live, so every request and all
 * it reached survived until the next full collection (docs/performance.md "A weak map whose value leads
 * back to its key").
 */
const REPLY: unique symbol = Symbol('passi.reply');

declare module 'fastify' {
  interface FastifyRequest {
    [REPLY]: FastifyReply | null;
  }
}

/**
 * Lets `bindFlowId` reach each request's reply. Installed on the root instance before the surfaces, so
 * every route gets it (docs/operations.md "Logs").
 */
export function installFlowLogBinding(app: FastifyInstance): void {
  // Fastify's decorators guide: a reference-typed decorator starts as null and is set per request in a hook.
  app.decorateRequest(REPLY, null);
  app.addHook('onRequest', (request, reply, done) => {
    request[REPLY] = reply;
    done();
  });
}

/**
 * From here on, every line this request logs (warnings from connectors, the error page's line, the
 * response line) carries the login's `flowId`, so one login can be followed across its requests. Called
 * where the request's flow becomes known: the flow cookie is read or set (flow-cookies.ts).
 *
 * The logger is made from the server's, with the request id Fastify binds (its default label, `reqId`,
 * which build-server.ts keeps) and the flow id: the same fields in the same order as a child of the
 * request's own logger, and a second binding replaces the first. Not a child of the request's logger:
 * that would make every request's logger the prototype of another object, which V8 sets up anew each
 * time and which turns pino's property look-ups megamorphic (docs/performance.md "A request's logger").
 */
export function bindFlowId(request: FastifyRequest, flowId: string): void {
  // The cookie is the browser's to write: only something shaped like a flow id goes into every line.
  if (!FLOW_ID_SHAPE.test(flowId)) return;
  const log = request.server.log.child({ reqId: request.id, flowId });
  request.log = log;
  const reply = request[REPLY];
  if (reply) reply.log = log;
}
