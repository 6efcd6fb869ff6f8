import type { FastifyReply, FastifyRequest } from 'fastify';
import { LogController } from 'fastify';

/**
 * One log line per request, written when it is answered: the request (method, URL with its secrets
 * redacted, client address), the status and the time taken, as a web server's access log has them
 * (docs/operations.md "Logs"). Fastify's default writes two lines per request, "incoming request" and
 * "request completed"; every other line Fastify writes (errors, streams, a route not found) is kept.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
