import type { FastifyRequest } from 'fastify';
import { isPassiError } from '../core/errors.ts';

/**
 * Why a test login shows no result. `notStarted`: this browser has no (valid) cookie of a test login;
 * `rejected`: Passi's answer did not pass validation, or answers a login this browser did not start;
 * `refused`: Passi answered this browser's login with a protocol error (SAML status, OAuth error).
 * The page shows a plain message and the error id; the cause is in the log under the same id.
 */
export type TestLoginFailure =
  | { reason: 'notStarted' | 'rejected'; errorId: string }
  | { reason: 'refused'; errorId: string; protocolError: string };

export function notStarted(request: FastifyRequest): TestLoginFailure {
  request.log.warn({ errorId: request.id }, 'test service: no test login was started in this browser');
  return { reason: 'notStarted', errorId: request.id };
}

/**
 * A failure while validating Passi's answer. `protocolError` says what Passi answered when it was a
 * protocol error; anything else is logged with its text and shown as `rejected`. A store that fails is
 * not the answer's fault: it goes on to the error page that says so (503).
 */
export function validationFailure(
  request: FastifyRequest,
  error: unknown,
  protocolError: (e: unknown) => string | undefined,
): TestLoginFailure {
  if (isPassiError(error) && error.status >= 500) throw error;
  const answered = protocolError(error);
  request.log.warn(
    { err: error, errorId: request.id },
    answered === undefined ? 'test service: the answer could not be accepted' : 'test service: login refused',
  );
  return answered === undefined
    ? { reason: 'rejected', errorId: request.id }
    : { reason: 'refused', errorId: request.id, protocolError: answered };
}

/** The HTTP status of the result page: a refused login is still an answer; the others are bad requests. */
export function failureStatus(failure: TestLoginFailure | undefined): number {
  return failure && failure.reason !== 'refused' ? 400 : 200;
}
