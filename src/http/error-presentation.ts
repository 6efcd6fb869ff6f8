import { ERROR_TABLE, ErrorCodes } from '../core/error-codes.ts';
import { isPassiError } from '../core/errors.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { isStoreUnavailable } from '../store/store-unavailable.ts';

export interface ErrorPresentation {
  status: number;
  code: string;
  messageKey: MessageKey;
  /** Offer to restart the login (missing or expired flow cookie). */
  offerRestart: boolean;
}

const pageMessages: Partial<Record<string, MessageKey>> = {
  [ErrorCodes.FLOW_MISSING]: 'error.flowMissing',
  [ErrorCodes.FLOW_EXPIRED]: 'error.flowMissing',
  [ErrorCodes.FLOW_STATE_INVALID]: 'error.flowMissing',
  [ErrorCodes.REPLAY]: 'error.flowMissing',
  [ErrorCodes.REQUEST_INVALID]: 'error.request',
  [ErrorCodes.FORM_TOKEN_INVALID]: 'error.formToken',
  [ErrorCodes.REQUEST_TOO_LARGE]: 'error.request',
  [ErrorCodes.SERVICE_UNKNOWN]: 'error.serviceUnknown',
  [ErrorCodes.ACS_NOT_REGISTERED]: 'error.acs',
  [ErrorCodes.SIGNATURE_REQUIRED]: 'error.signature',
  [ErrorCodes.SIGNATURE_INVALID]: 'error.signature',
  [ErrorCodes.INTEGRATION_UNKNOWN]: 'error.integration',
  [ErrorCodes.INTEGRATION_NOT_ALLOWED]: 'error.integration',
  [ErrorCodes.LOGIN_BLOCKED]: 'error.blocked',
  [ErrorCodes.UPSTREAM_FAILED]: 'error.upstream',
  [ErrorCodes.UPSTREAM_CANCELLED]: 'error.cancelled',
  [ErrorCodes.UPSTREAM_METADATA_UNAVAILABLE]: 'error.schoolMetadata',
  [ErrorCodes.LOGOUT_RETURN_NOT_ALLOWED]: 'error.logoutReturn',
  [ErrorCodes.STORE_UNREACHABLE]: 'error.unavailable',
  [ErrorCodes.KEY_NOT_FOUND]: 'error.unavailable',
  [ErrorCodes.NOT_FOUND]: 'error.notFound',
  [ErrorCodes.RATE_LIMITED]: 'error.rateLimited',
};

/** The one function that maps any error to what a person or client is shown. */
export function presentError(error: unknown): ErrorPresentation {
  // The database is down, stalled or restarting: "try again" (503), whatever layer the error came through.
  if (!(isPassiError(error) && error.status < 500) && isStoreUnavailable(error))
    return {
      status: 503,
      code: ErrorCodes.STORE_UNREACHABLE,
      messageKey: 'error.unavailable',
      offerRestart: false,
    };
  if (isPassiError(error)) {
    return {
      status: error.status,
      code: error.code,
      // Codes without an entry here (the upstream vocabulary) take their page from the error table.
      messageKey: pageMessages[error.code] ?? `error.${ERROR_TABLE[error.code].page}`,
      offerRestart: error.code === ErrorCodes.FLOW_MISSING || error.code === ErrorCodes.FLOW_EXPIRED,
    };
  }
  const status = fastifyStatus(error);
  if (status === 413)
    return { status, code: ErrorCodes.REQUEST_TOO_LARGE, messageKey: 'error.request', offerRestart: false };
  if (status && status >= 400 && status < 500) {
    return { status, code: ErrorCodes.REQUEST_INVALID, messageKey: 'error.request', offerRestart: false };
  }
  return { status: 500, code: ErrorCodes.INTERNAL, messageKey: 'error.generic', offerRestart: false };
}

/** Page texts about what the service sent (its request, signature, return address, registration). */
const SERVICE_SIDE: ReadonlySet<MessageKey> = new Set<MessageKey>([
  'error.request',
  'error.signature',
  'error.acs',
  'error.serviceUnknown',
  'error.logoutReturn',
]);

/**
 * The same mapping at a school's return address (SAML ACS, Wilma, Opinsys, OIDC callback): what arrived
 * there is the school's login service's answer, so a malformed, oversized or badly signed message is the
 * school's answer that could not be accepted — never the service's request. The code, status and
 * error id stay the same; flow-lifecycle, availability and school-side texts already fit.
 */
export function presentErrorAtReturnAddress(error: unknown): ErrorPresentation {
  const p = presentError(error);
  return SERVICE_SIDE.has(p.messageKey) ? { ...p, messageKey: 'error.upstreamAnswer' } : p;
}

function fastifyStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const s = (error as { statusCode: unknown }).statusCode;
    return typeof s === 'number' ? s : undefined;
  }
  return undefined;
}
