/**
 * One base error for the whole system: a stable `code`, an HTTP `status`,
 * whether the message may be shown to a person (`expose`), and the `cause`. Tests assert on codes.
 */
export interface PassiErrorOptions {
  status?: number;
  expose?: boolean;
  cause?: unknown;
  /** Extra structured detail for logs and API responses (never secrets). */
  detail?: Record<string, unknown>;
}

export class PassiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  readonly detail: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: PassiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PassiError';
    this.code = code;
    this.status = options.status ?? 400;
    this.expose = options.expose ?? this.status < 500;
    this.detail = options.detail;
  }
}

/** One problem in a document or payload: where (a path) and why. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Invalid configuration, YAML document or API payload: carries every issue with its path. */
export class ValidationError extends PassiError {
  readonly issues: readonly ValidationIssue[];

  constructor(code: string, issues: readonly ValidationIssue[], what = 'input') {
    const lines = issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n');
    super(code, `invalid ${what} (${issues.length} error${issues.length === 1 ? '' : 's'}):\n${lines}`, {
      status: 400,
      detail: { issues },
    });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

export function isPassiError(value: unknown): value is PassiError {
  return value instanceof PassiError;
}
