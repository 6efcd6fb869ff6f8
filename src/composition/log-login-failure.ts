import type { FastifyBaseLogger } from 'fastify';
import { ErrorCodes } from '../core/error-codes.ts';
import type { LoginFailed } from '../core/flow/login-events.ts';

/** Failures that are the user's own choice or a service's probe, not something to act on. */
const ROUTINE: ReadonlySet<string> = new Set([ErrorCodes.UPSTREAM_CANCELLED, ErrorCodes.NO_PASSIVE]);

/**
 * The one log line of a failed or blocked login (docs/operations.md "Failed logins"): warn for failures
 * someone must act on (a school's Graph, secret or REST answer, a blocked learner), info for a user's
 * cancellation or a passive login without a session. The error id is the one the service was given.
 */
export function logLoginFailure(log: FastifyBaseLogger, event: LoginFailed): void {
  const line = {
    event: event.type,
    errorId: event.errorId,
    flowId: event.flowId,
    service: event.serviceId,
    integration: event.integrationId,
    flowName: event.flowName,
    reason: event.code,
    detail: event.detail,
    ...(event.upstream ? { upstream: event.upstream } : {}),
  };
  if (ROUTINE.has(event.code)) log.info(line, 'login failed');
  else log.warn(line, event.code === ErrorCodes.LOGIN_BLOCKED ? 'login blocked' : 'login failed');
}
