import { ERROR_TABLE, type ErrorCode, ErrorCodes } from '../core/error-codes.ts';
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

/** The page text of a code: the table's `page`, a key under `error.` in every message catalogue. */
export function pageMessageKey(code: ErrorCode): MessageKey {
  return `error.${ERROR_TABLE[code].page}`;
}

/** The one function that maps any error to what a person or client is shown. */
export function presentError(error: unknown): ErrorPresentation {
  // The database is down, stalled or restarting: "try again" (503), whatever layer the error came through.
  if (!(isPassiError(error) && error.status < 500) && isStoreUnavailable(error))
    return {
      status: 503,
      code: ErrorCodes.STORE_UNREACHABLE,
      messageKey: pageMessageKey(ErrorCodes.STORE_UNREACHABLE),
      offerRestart: false,
    };
  if (isPassiError(error)) {
    return {
      status: error.status,
      code: error.code,
      messageKey: pageMessageKey(error.code),
      offerRestart: error.code === ErrorCodes.FLOW_MISSING || error.code === ErrorCodes.FLOW_EXPIRED,
    };
  }
  const status = fastifyStatus(error);
  // Fastify's own refusals (body too large, unparsable body) keep their 4xx status with the request's page.
  if (status === 413) return fromTable(ErrorCodes.REQUEST_TOO_LARGE, status);
  if (status === 415) return fromTable(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, status);
  if (status && status >= 400 && status < 500) return fromTable(ErrorCodes.REQUEST_INVALID, status);
  return fromTable(ErrorCodes.INTERNAL, ERROR_TABLE[ErrorCodes.INTERNAL].status);
}

function fromTable(code: ErrorCode, status: number): ErrorPresentation {
  return { status, code, messageKey: pageMessageKey(code), offerRestart: false };
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
