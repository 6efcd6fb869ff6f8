import { type ErrorCode, ErrorCodes } from '../core/error-codes.ts';
import { PassiError } from '../core/errors.ts';

/**
 * The codes an outbound call raises. Schools' services speak the upstream vocabulary (the default); a
 * caller that is not a school (the organisation service) passes its own.
 */
export interface OutboundErrorCodes {
  /** No usable answer: timeout, refused connection, DNS failure, oversized body. */
  readonly unreachable: ErrorCode;
  /** An answer with a non-2xx status, or a redirect the caller did not allow. */
  readonly failed: ErrorCode;
  /** A 2xx answer whose body the caller could not parse (JSON, XML). */
  readonly invalid: ErrorCode;
  /** The address itself cannot be used (http where https is required). */
  readonly config: ErrorCode;
}

export const UPSTREAM_OUTBOUND_CODES: OutboundErrorCodes = {
  unreachable: ErrorCodes.UPSTREAM_UNREACHABLE,
  failed: ErrorCodes.UPSTREAM_FAILED,
  invalid: ErrorCodes.UPSTREAM_ANSWER_INVALID,
  config: ErrorCodes.UPSTREAM_CONFIG_INVALID,
};

/**
 * A school's back-channel API (Wilma's user data, Opinsys REST): the browser never carried its answer, so
 * an unparsable body is the school's failure, reported to the service like any failed school login
 * (docs/architecture.md "Errors"); UPSTREAM_ANSWER_INVALID stays for answers a browser brought.
 */
export const BACK_CHANNEL_CODES: OutboundErrorCodes = {
  ...UPSTREAM_OUTBOUND_CODES,
  invalid: ErrorCodes.UPSTREAM_FAILED,
};

/** Why no answer arrived; in `detail.reason` of an unreachable error. */
export type UnreachableReason = 'timeout' | 'refused' | 'dns' | 'network' | 'too-large';

/** Transport failures by the system error code undici and node:http put on the error or its cause. */
export function unreachableReason(error: unknown, timedOut: boolean): UnreachableReason {
  if (timedOut) return 'timeout';
  const code = systemErrorCode(error);
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'timeout';
  return 'network';
}

/** The system error code (ECONNREFUSED, ENOTFOUND …) behind a transport failure, for operators' messages. */
export function systemErrorCode(error: unknown): string | undefined {
  return systemCode(error) ?? systemCode(causeOf(error));
}

/**
 * What the transport said, for an operator ("fetch failed: bad port"): the error's message and its
 * cause's, or the system code. Transport messages name the failure, not the request's address or headers.
 */
export function transportMessage(error: unknown): string | undefined {
  const code = systemErrorCode(error);
  const messages = [error, causeOf(error)]
    .map((e) => (e instanceof Error ? e.message : undefined))
    .filter((m): m is string => m !== undefined && m !== '');
  const text = [...messages, ...(code === undefined ? [] : [code])].join(': ');
  return text === '' ? undefined : text.slice(0, 200);
}

/**
 * A redirect the caller did not ask to follow. An API answering with a redirect is not answering the
 * question asked; following it silently could send credentials (Basic auth, a bearer token) elsewhere.
 */
export class RedirectRefusedError extends PassiError {
  readonly status3xx: number;

  constructor(code: ErrorCode, message: string, status3xx: number, detail: Record<string, unknown>) {
    super(code, message, { detail: { ...detail, status: status3xx, redirect: true } });
    this.name = 'RedirectRefusedError';
    this.status3xx = status3xx;
  }
}

/**
 * The PassiError an outbound call raised, also when a library (openid-client) wrapped it in its own error
 * as `cause`; undefined when the failure was something else.
 */
export function outboundErrorIn(error: unknown): PassiError | undefined {
  if (error instanceof PassiError) return error;
  const cause = causeOf(error);
  return cause instanceof PassiError ? cause : undefined;
}

function causeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
}

function systemCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
