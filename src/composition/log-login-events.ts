import type { FastifyBaseLogger } from 'fastify';
import type { LoginEvent, LoginEventSubscriber } from '../core/flow/login-events.ts';
import { logLoginFailure } from './log-login-failure.ts';

/**
 * The log's subscriber to login events (docs/operations.md "Logs"): one JSON line per event, with the
 * event's name in `event`, its `flowId`, and the same field names as the failure line (`service`,
 * `integration`, `flowName`). Progress is info; a failure is the failure line (log-login-failure.ts).
 */
export function logLoginEvents(log: FastifyBaseLogger): LoginEventSubscriber {
  return (event: LoginEvent) => {
    switch (event.type) {
      case 'login.started':
        log.info(
          {
            event: event.type,
            flowId: event.flowId,
            service: event.serviceId,
            face: event.face,
            requestedTags: event.requestedTags,
            requestedSources: event.requestedSources,
            forceAuthn: event.forceAuthn,
            isPassive: event.isPassive,
          },
          'login started',
        );
        return;
      case 'discovery.shown':
        log.info(
          {
            event: event.type,
            flowId: event.flowId,
            service: event.serviceId,
            candidates: event.candidates,
          },
          'login sent to discovery',
        );
        return;
      case 'upstream.started':
        log.info(
          {
            event: event.type,
            flowId: event.flowId,
            service: event.serviceId,
            integration: event.integrationId,
            integrationType: event.integrationType,
            flowName: event.flowName,
            chosenBy: event.chosenBy,
          },
          'login started at the school',
        );
        return;
      case 'upstream.verified':
        log.info(
          {
            event: event.type,
            flowId: event.flowId,
            service: event.serviceId,
            integration: event.integrationId,
            integrationType: event.integrationType,
            flowName: event.flowName,
          },
          "school's answer accepted",
        );
        return;
      case 'login.completed':
        log.info(
          {
            event: event.type,
            flowId: event.flowId,
            service: event.serviceId,
            integration: event.integrationId,
            flowName: event.flowName,
            sessionReused: event.sessionReused,
          },
          'login completed',
        );
        return;
      case 'login.failed':
        logLoginFailure(log, event);
        return;
      default:
        // A new event type must get its line here.
        event satisfies never;
    }
  };
}
