import type { LoginEvent, LoginEventSubscriber } from '../../core/flow/login-events.ts';
import { failedOutcome } from '../statistics/login-outcome.ts';

/** Where failed logins go in the raw reports (the login report store implements it). */
export interface FailureTraceWriter {
  recordFailure(event: Extract<LoginEvent, { type: 'login.failed' }>, outcome: string): Promise<void>;
}

/**
 * Puts every failed login into the support trace (docs/operations.md "Support trace"), so the operator
 * finds it by the error id the person was shown. Completed logins are already there: the flow records
 * their report before it answers the service.
 */
export function loginTraceSubscriber(writer: FailureTraceWriter): LoginEventSubscriber {
  return async (event) => {
    if (event.type === 'login.failed') await writer.recordFailure(event, failedOutcome(event.code));
  };
}
