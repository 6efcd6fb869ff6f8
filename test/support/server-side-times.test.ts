import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { serverSideTimes } from '../../bench/support/server-side-times.ts';

/** The proxied-login benchmark's reading of Passi's own time per request and per login from its log. */
describe('server-side times from Passi’s log lines', () => {
  const completed = (o: { flowId?: string; responseTime: number; pad?: string }) =>
    `${JSON.stringify({ level: 30, reqId: 'r', ...(o.flowId ? { flowId: o.flowId } : {}), res: { statusCode: 303 }, responseTime: o.responseTime, msg: 'request completed', pad: o.pad })}\n`;

  it('sums the response times of each flow’s requests and keeps every request’s own', () => {
    const t = serverSideTimes();
    t.start();
    t.observe(completed({ flowId: 'a', responseTime: 4.5 }));
    t.observe('{"level":30,"event":"login.completed","flowId":"a","msg":"login completed"}\n');
    t.observe(completed({ flowId: 'a', responseTime: 6.25 }));
    t.observe(completed({ flowId: 'b', responseTime: 3 }));
    t.observe(completed({ responseTime: 1.5 }));
    const times = t.stop();
    expect(times.perFlow.sort()).toEqual([10.75, 3].sort());
    expect(times.perRequest).toEqual([4.5, 6.25, 3, 1.5]);
  });

  it('keeps only the lines seen between start and stop', () => {
    const t = serverSideTimes();
    t.observe(completed({ flowId: 'a', responseTime: 4 }));
    t.start();
    t.observe(completed({ flowId: 'b', responseTime: 2 }));
    expect(t.stop()).toEqual({ perRequest: [2], perFlow: [2] });
    t.observe(completed({ flowId: 'c', responseTime: 1 }));
    t.start();
    expect(t.stop()).toEqual({ perRequest: [], perFlow: [] });
  });

  // The benchmark runs in Passi's own process: a flow id cut out of its line by a regular expression is,
  // in V8, a slice that keeps the whole line alive. Held as a key for the whole phase, every login's line
  // would stay in Passi's heap and be copied by its collector.
  it('does not keep the log lines behind the flow ids it holds', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const t = serverSideTimes();
    const pad = 'x'.repeat(100_000);
    gc();
    const before = process.memoryUsage().heapUsed;
    t.start();
    for (let i = 0; i < 300; i++) {
      t.observe(completed({ flowId: `flow-${String(i).padStart(40, '0')}`, responseTime: 1, pad }));
    }
    gc();
    const held = process.memoryUsage().heapUsed - before;
    // 300 lines of 100 KB are 30 MB; the ids and times alone are a few tens of KB.
    expect(held).toBeLessThan(5_000_000);
    expect(t.stop().perFlow).toHaveLength(300);
  });
});
