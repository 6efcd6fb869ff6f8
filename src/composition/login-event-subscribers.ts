import type { FastifyBaseLogger } from 'fastify';
import type { LoginEvents } from '../core/flow/login-events.ts';
import type { LoginDailyBuffer } from '../ops/statistics/login-daily-buffer.ts';
import { loginDailySubscriber } from '../ops/statistics/login-daily-subscriber.ts';
import { type FailureTraceWriter, loginTraceSubscriber } from '../ops/trace/login-trace-subscriber.ts';
import { logLoginEvents } from './log-login-events.ts';
import { loginEventBus } from './login-event-bus.ts';
import type { OpsMetrics } from './ops-metrics.ts';

/**
 * Who hears the login events (docs/architecture.md "Login events"). A new subscriber (statistics,
 * metrics) is one line in this list; each gets every event, in the order the flow emits them.
 */
export function loginEventSubscribers(input: {
  log: FastifyBaseLogger;
  dailyCounts: LoginDailyBuffer;
  metrics: OpsMetrics;
  reports: FailureTraceWriter;
}): LoginEvents {
  const { log } = input;
  return loginEventBus(
    [
      logLoginEvents(log),
      loginDailySubscriber(input.dailyCounts),
      loginTraceSubscriber(input.reports),
      input.metrics.loginEvents,
    ],
    (error, event) =>
      log.error(
        { err: error, event: event.type, flowId: event.flowId },
        'a login event subscriber failed; the login went on',
      ),
  );
}
