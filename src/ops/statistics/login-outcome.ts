import { ErrorCodes } from '../../core/error-codes.ts';

/**
 * The outcome of a finished login, as kept in the daily statistics: `completed` (`completed:problems`
 * when a data-model rule dropped something or warned), or `failed:` and the
 * family of the error code — few values, so the daily table stays small and its meaning stable when new
 * error codes are added (docs/operations.md "Daily login statistics").
 */
export type LoginOutcome =
  | 'completed'
  | 'completed:problems'
  | 'failed:blocked'
  | 'failed:cancelled'
  | 'failed:school'
  | 'failed:other';

/** The family of a `login.failed` code: blocked by the data model, cancelled by the person, failed at the school, other. */
export function failedOutcome(code: string): LoginOutcome {
  switch (code) {
    case ErrorCodes.LOGIN_BLOCKED:
      return 'failed:blocked';
    case ErrorCodes.UPSTREAM_CANCELLED:
      return 'failed:cancelled';
    case ErrorCodes.UPSTREAM_FAILED:
      return 'failed:school';
    default:
      return 'failed:other';
  }
}
