import { describe, expect, it } from 'vitest';
import { serverSideTimes } from '../../bench/support/server-side-times.ts';

/** The proxied-login benchmark's reading of Passi's own time per request and per login from its log. */
describe('server-side times from Passi’s log lines', () => {
  const completed = (o: { flowId?: string; responseTime: number }) =>
    `${JSON.stringify({ level: 30, reqId: 'r', ...(o.flowId ? { flowId: o.flowId } : {}), res: { statusCode: 303 }, responseTime: o.responseTime, msg: 'request completed' })}\n`;

  it('sums the response times of each flow’s requests and keeps every request’s own', () => {
    const t = serverSideTimes();
    t.observe(completed({ flowId: 'a', responseTime: 4.5 }));
    t.observe('{"level":30,"event":"login.completed","flowId":"a","msg":"login completed"}\n');
    t.observe(completed({ flowId: 'a', responseTime: 6.25 }));
    t.observe(completed({ flowId: 'b', responseTime: 3 }));
    t.observe(completed({ responseTime: 1.5 }));
    expect(t.perFlow().sort()).toEqual([10.75, 3].sort());
    expect(t.perRequest()).toEqual([4.5, 6.25, 3, 1.5]);
  });

  it('starts again after a reset', () => {
    const t = serverSideTimes();
    t.observe(completed({ flowId: 'a', responseTime: 4 }));
    t.reset();
    expect(t.perFlow()).toEqual([]);
    expect(t.perRequest()).toEqual([]);
  });
});
