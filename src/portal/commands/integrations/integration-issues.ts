import { ErrorCodes } from '../../../core/error-codes.ts';
import { ValidationError } from '../../../core/errors.ts';

/**
 * What can be wrong in an integration's settings, each with a text for school IT in
 * src/i18n/portal-integration-messages.ts (`portal.integration.issue.<code>`).
 */
export type IntegrationIssueCode =
  | 'required'
  | 'invalid'
  | 'flow-name-taken'
  | 'url-invalid'
  | 'url-fragment'
  | 'url-userinfo'
  | 'url-https'
  | 'tenant-id'
  | 'client-id'
  | 'secret-shape'
  | 'hostname'
  | 'metadata-unreachable'
  | 'metadata-too-large'
  | 'metadata-file-too-large'
  | 'metadata-not-xml'
  | 'metadata-doctype'
  | 'metadata-no-signing-certificate'
  | 'metadata-certificate-expired'
  | 'metadata-expired'
  | 'metadata-invalid'
  | 'discovery-unreachable'
  | 'discovery-invalid'
  | 'issuer-mismatch'
  | 'unknown-school'
  | 'unknown-service';

/** One problem: the field (form name, dotted), what is wrong, and a detail for the text (an address, a date). */
export interface IntegrationIssue {
  path: string;
  code: IntegrationIssueCode;
  /** English, for the API and logs; the pages show the code's text in the person's language. */
  message: string;
  detail?: string;
}

/** Settings refused on save: every issue with its field; nothing was written. */
export class IntegrationValidationError extends ValidationError {
  readonly problems: readonly IntegrationIssue[];

  constructor(problems: readonly IntegrationIssue[]) {
    super(
      ErrorCodes.REQUEST_INVALID,
      problems.map((p) => ({ path: p.path, message: `${p.message}${p.detail ? ` (${p.detail})` : ''}` })),
      'integration',
    );
    this.name = 'IntegrationValidationError';
    this.problems = problems;
  }
}

export function issue(
  path: string,
  code: IntegrationIssueCode,
  message: string,
  detail?: string,
): IntegrationIssue {
  return detail === undefined ? { path, code, message } : { path, code, message, detail };
}
