import type { LoginEvent, LoginEventSubscriber, LoginEvents } from '../core/flow/login-events.ts';

/**
 * Hands each login event to every subscriber, in order. A subscriber that throws or rejects is reported
 * through `onSubscriberError` and never fails the login nor keeps the others from hearing the event; an
 * asynchronous subscriber is not waited for (the person's browser does not wait for statistics).
 */
export function loginEventBus(
  subscribers: readonly LoginEventSubscriber[],
  onSubscriberError: (error: unknown, event: LoginEvent) => void,
): LoginEvents {
  return {
    emit(event) {
      for (const subscriber of subscribers) {
        try {
          const pending = subscriber(event);
          if (pending) pending.catch((e: unknown) => onSubscriberError(e, event));
        } catch (e) {
          onSubscriberError(e, event);
        }
      }
    },
  };
}
