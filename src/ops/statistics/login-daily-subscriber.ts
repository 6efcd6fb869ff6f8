import type { LoginEventSubscriber } from '../../core/flow/login-events.ts';
import type { LoginDailyKey } from './login-daily-repository.ts';
import { utcDay } from './login-daily-repository.ts';
import { failedOutcome } from './login-outcome.ts';

/**
 * Counts each finished login (`login.completed`, `login.failed`) in the daily statistics. Only the
 * event's identifiers and code are used — no personal data. The count goes to the node's buffer
 * (login-daily-buffer.ts), which writes it within a second: the login never waits for the store
 * (docs/architecture.md "Login events").
 */
export function loginDailySubscriber(counts: { add(key: LoginDailyKey): void }): LoginEventSubscriber {
  return (event) => {
    if (event.type === 'login.completed') {
      counts.add({
        day: utcDay(event.at),
        serviceId: event.serviceId,
        integrationId: event.integrationId,
        school: event.school,
        role: event.roleKind,
        outcome: event.withProblems ? 'completed:problems' : 'completed',
      });
    } else if (event.type === 'login.failed') {
      counts.add({
        day: utcDay(event.at),
        serviceId: event.serviceId,
        integrationId: event.integrationId ?? '',
        school: '',
        role: '',
        outcome: failedOutcome(event.code),
      });
    }
  };
}
