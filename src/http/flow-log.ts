import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Flow ids are random base64url strings (login-flow.ts newId). */
const FLOW_ID_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/** Each request's logger before a flow id was bound (so a second binding replaces, not repeats, it). */
const unbound = new WeakMap<FastifyRequest, FastifyBaseLogger>();
/** Each request's reply: Fastify's own "request completed" line is written through `reply.log`. */
const replies = new WeakMap<FastifyRequest, FastifyReply>();

/**
 * Lets `bindFlowId` reach each request's reply. Installed on the root instance before the surfaces, so
 * every route gets it (docs/operations.md "Logs").
 */
export function installFlowLogBinding(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    replies.set(request, reply);
    done();
  });
}

/**
 * From here on, every line this request logs (warnings from connectors, the error page's line, the
 * response line) carries the login's `flowId`, so one login can be followed across its requests. Called
 * where the request's flow becomes known: the flow cookie is read or set (flow-cookies.ts).
 */
export function bindFlowId(request: FastifyRequest, flowId: string): void {
  // The cookie is the browser's to write: only something shaped like a flow id goes into every line.
  if (!FLOW_ID_SHAPE.test(flowId)) return;
  const base = unbound.get(request) ?? request.log;
  unbound.set(request, base);
  const log = base.child({ flowId });
  request.log = log;
  const reply = replies.get(request);
  if (reply) reply.log = log;
}
