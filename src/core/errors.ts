import { ERROR_TABLE, type ErrorCode } from './error-codes.ts';

/**
 * One base error for the whole system: a stable `code` from the error table (error-codes.ts), the HTTP
 * `status` the table gives that code, whether the message may be shown to a person (`expose`), and the
 * `cause`. Tests assert on codes.
 */
export interface PassiErrorOptions {
  /**
   * Not for new code: the table gives every code its status, so one code means one status everywhere.
   * Only the allow-listed sites in errors-scan.test.ts pass it (wrapping an error keeps its status), and
   * the connectors until they report with the upstream vocabulary alone.
   */
  status?: number;
  expose?: boolean;
  cause?: unknown;
  /** Extra structured detail for logs and API responses (never secrets). */
  detail?: Record<string, unknown>;
}

export class PassiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly detail: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: PassiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PassiError';
    this.code = code;
    this.status = options.status ?? ERROR_TABLE[code].status;
    this.expose = options.expose ?? this.status < 500;
    this.detail = options.detail;
  }
}

/** Throws the code's error: `fail(ErrorCodes.REPLAY, 'this answer was already used')`. */
export function fail(
  code: ErrorCode,
  message: string,
  options: Omit<PassiErrorOptions, 'status'> = {},
): never {
  throw new PassiError(code, message, options);
}

/** Throws the code's error unless `condition` holds; narrows like an assertion. */
export function ensure(
  condition: unknown,
  code: ErrorCode,
  message: string,
  options: Omit<PassiErrorOptions, 'status'> = {},
): asserts condition {
  if (!condition) throw new PassiError(code, message, options);
}

/** One problem in a document or payload: where (a path) and why. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * Invalid configuration, YAML document or API payload: carries every issue with its path. The status is
 * the code's (a registry payload is the sender's mistake, 400; the start-up configuration is Passi's, 500).
 */
export class ValidationError extends PassiError {
  readonly issues: readonly ValidationIssue[];

  constructor(code: ErrorCode, issues: readonly ValidationIssue[], what = 'input') {
    const lines = issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n');
    super(code, `invalid ${what} (${issues.length} error${issues.length === 1 ? '' : 's'}):\n${lines}`, {
      detail: { issues },
    });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

export function isPassiError(value: unknown): value is PassiError {
  return value instanceof PassiError;
}
