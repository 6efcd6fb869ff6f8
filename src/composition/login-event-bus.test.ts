import { describe, expect, it } from 'vitest';
import type { LoginEvent } from '../core/flow/login-events.ts';
import { loginEventBus } from './login-event-bus.ts';

const event: LoginEvent = {
  type: 'discovery.shown',
  flowId: 'flow-1',
  at: '2026-03-01T10:00:00.000Z',
  serviceId: 'svc',
  candidates: 2,
};

describe('login event bus', () => {
  it('gives every event to every subscriber, in the order listed', () => {
    const heard: string[] = [];
    const bus = loginEventBus(
      [(e) => void heard.push(`a:${e.type}`), (e) => void heard.push(`b:${e.type}`)],
      () => {},
    );
    bus.emit(event);
    expect(heard).toEqual(['a:discovery.shown', 'b:discovery.shown']);
  });

  it('a subscriber that throws or rejects is reported; the others still hear the event and emit returns', async () => {
    const heard: string[] = [];
    const failures: string[] = [];
    const bus = loginEventBus(
      [
        () => {
          throw new Error('sync');
        },
        async () => {
          throw new Error('async');
        },
        (e) => void heard.push(e.flowId),
      ],
      (error, e) => failures.push(`${error instanceof Error ? error.message : '?'}:${e.flowId}`),
    );
    expect(() => bus.emit(event)).not.toThrow();
    expect(heard).toEqual(['flow-1']);
    await new Promise((r) => setImmediate(r));
    expect(failures).toEqual(['sync:flow-1', 'async:flow-1']);
  });
});
