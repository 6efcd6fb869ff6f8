import type { LoginEventSubscriber } from '../../core/flow/login-events.ts';
import type { LoginDailyRepository } from './login-daily-repository.ts';
import { utcDay } from './login-daily-repository.ts';
import { failedOutcome } from './login-outcome.ts';

/**
 * Counts each finished login (`login.completed`, `login.failed`) in the daily statistics. Only the
 * event's identifiers and code are used — no personal data. Asynchronous: the login does not wait for
 * the write (docs/architecture.md "Login events").
 */
export function loginDailySubscriber(repo: LoginDailyRepository): LoginEventSubscriber {
  return async (event) => {
    if (event.type === 'login.completed') {
      await repo.count({
        day: utcDay(event.at),
        serviceId: event.serviceId,
        integrationId: event.integrationId,
        school: event.school,
        role: event.roleKind,
        outcome: event.withProblems ? 'completed:problems' : 'completed',
      });
    } else if (event.type === 'login.failed') {
      await repo.count({
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
