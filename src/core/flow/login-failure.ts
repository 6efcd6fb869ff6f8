import { ErrorCodes } from '../error-codes.ts';
import { PassiError } from '../errors.ts';
import { summariseRequest } from '../login-request.ts';
import type { FlowState } from './flow-state.ts';
import type { LoginFailed } from './login-events.ts';
import type { LoginFailure } from './ports.ts';

/** What the school side contributed to the failure, known where the flow ends. */
export interface FailureContext {
  integrationId?: string;
  flowName?: string;
  upstream?: Record<string, unknown>;
}

/**
 * What the service reads (SAML StatusMessage, OAuth error_description): a generic sentence per reason and
 * the error id to quote to support. ASCII without quotes or backslashes (RFC 6749 §4.1.2.1).
 */
const SERVICE_MESSAGES: Partial<Record<string, string>> = {
  [ErrorCodes.UPSTREAM_FAILED]: "the login at the user's school failed",
  [ErrorCodes.UPSTREAM_CANCELLED]: 'the user cancelled the login at the school',
  [ErrorCodes.UPSTREAM_UNREACHABLE]: "the user's school login service did not answer",
  [ErrorCodes.LOGIN_BLOCKED]: 'the login was blocked by the data model rules',
  [ErrorCodes.NO_PASSIVE]: 'no Passi session for a passive login',
  [ErrorCodes.NO_AUTHN_CONTEXT]: 'the requested school login is not available for this service',
};

export function serviceFailureMessage(reason: string, errorId: string): string {
  return `${SERVICE_MESSAGES[reason] ?? 'the login did not succeed'} (error id ${errorId})`;
}

/**
 * The failure for the face (generic, with the error id) and the `login.failed` event (with the detail,
 * for the operator's log line: operations.md "Failed logins").
 */
export function describeFailure(
  flow: FlowState,
  reason: string,
  detail: string,
  errorId: string,
  context: FailureContext,
  at: string,
): { failure: LoginFailure; event: LoginFailed } {
  return {
    failure: { ok: false, code: reason, message: serviceFailureMessage(reason, errorId), errorId },
    event: {
      type: 'login.failed',
      flowId: flow.id,
      at,
      code: reason,
      errorId,
      serviceId: flow.request.serviceId,
      integrationId: context.integrationId ?? flow.integrationId,
      flowName: context.flowName,
      detail,
      ...(context.upstream ? { upstream: context.upstream } : {}),
      request: summariseRequest(flow.request),
    },
  };
}

/**
 * A school's answer refused at its return address ends on an error page whose log line carries the error
 * id; this adds which login, service and integration it hit to that line (same code, status, message).
 */
export function withFlowContext(
  error: PassiError,
  flow: FlowState,
  integration: { id: string; flowName: string },
): PassiError {
  const withContext = new PassiError(error.code, error.message, {
    status: error.status,
    expose: error.expose,
    cause: error.cause,
    detail: {
      ...error.detail,
      flowId: flow.id,
      service: flow.request.serviceId,
      integration: integration.id,
      flowName: integration.flowName,
    },
  });
  // The stack of the refusal itself, not of this copy.
  withContext.stack = error.stack;
  return withContext;
}
