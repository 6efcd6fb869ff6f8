import { ErrorCodes } from '../error-codes.ts';
import { PassiError } from '../errors.ts';
import type { FlowState } from './flow-state.ts';
import type { LoginFailure } from './ports.ts';

/**
 * One failed or blocked login, as the operator's log records it (operations.md "Failed logins"): who
 * (flow, service, integration), why (the reason code) and the school-side detail (e.g. "the client
 * secret is wrong"), which belongs to the school and the operator — never to the service.
 */
export interface LoginFailedEvent {
  errorId: string;
  flowId: string;
  serviceId: string;
  integrationId: string | undefined;
  flowName: string | undefined;
  /** A PassiError code: PASSI_UPSTREAM_FAILED, PASSI_LOGIN_BLOCKED, PASSI_UPSTREAM_CANCELLED, … */
  reason: string;
  /** What went wrong, in the connector's or the data model's words (never a secret). */
  detail: string;
  /** Structured detail from the connector (HTTP status, Graph error code, problem codes). */
  upstream?: Record<string, unknown>;
}

/** Where the flow engine reports failures; the composition root writes them to the log. */
export type LoginFailedListener = (event: LoginFailedEvent) => void;

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
  [ErrorCodes.LOGIN_BLOCKED]: 'the login was blocked by the data model rules',
  [ErrorCodes.NO_PASSIVE]: 'no Passi session for a passive login',
};

export function serviceFailureMessage(reason: string, errorId: string): string {
  return `${SERVICE_MESSAGES[reason] ?? 'the login did not succeed'} (error id ${errorId})`;
}

/** The failure for the face (generic, with the error id) and the event for the log (with the detail). */
export function describeFailure(
  flow: FlowState,
  reason: string,
  detail: string,
  errorId: string,
  context: FailureContext,
): { failure: LoginFailure; event: LoginFailedEvent } {
  return {
    failure: { ok: false, code: reason, message: serviceFailureMessage(reason, errorId), errorId },
    event: {
      errorId,
      flowId: flow.id,
      serviceId: flow.request.serviceId,
      integrationId: context.integrationId ?? flow.integrationId,
      flowName: context.flowName,
      reason,
      detail,
      ...(context.upstream ? { upstream: context.upstream } : {}),
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
