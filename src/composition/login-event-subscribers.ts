import type { FastifyBaseLogger } from 'fastify';
import type { LoginEvents } from '../core/flow/login-events.ts';
import { logLoginEvents } from './log-login-events.ts';
import { loginEventBus } from './login-event-bus.ts';

/**
 * Who hears the login events (docs/architecture.md "Login events"). A new subscriber (statistics,
 * metrics) is one line in this list; each gets every event, in the order the flow emits them.
 */
export function loginEventSubscribers(input: { log: FastifyBaseLogger }): LoginEvents {
  const { log } = input;
  return loginEventBus([logLoginEvents(log)], (error, event) =>
    log.error(
      { err: error, event: event.type, flowId: event.flowId },
      'a login event subscriber failed; the login went on',
    ),
  );
}
