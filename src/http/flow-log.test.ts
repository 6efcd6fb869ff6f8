import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { captureLog } from '../../test/support/log-capture.ts';
import { promotedByFinishedRequests } from '../../test/support/young-generation.ts';
import { FLOW_COOKIE, readFlowId, setFlowCookie } from './flow-cookies.ts';
import { installFlowLogBinding } from './flow-log.ts';

const OLD = 'old_flow_id_0123456789abcdefghij';
const NEW = 'new_flow_id_0123456789abcdefghij';

async function server() {
  const log = captureLog();
  const app = Fastify({ logger: { level: 'info', stream: log.stream } });
  await app.register(fastifyCookie);
  installFlowLogBinding(app);
  app.get('/read', async (request) => {
    readFlowId(request);
    request.log.warn('from the route');
    return 'ok';
  });
  app.get('/restart', async (request, reply) => {
    readFlowId(request);
    setFlowCookie(reply, NEW, 60);
    request.log.info('after the new flow');
    return 'ok';
  });
  return { app, lines: () => log.lines };
}

describe('flow id on a request’s log lines', () => {
  it('the flow cookie read puts the flow id on the route’s lines and on the response line', async () => {
    const s = await server();
    await s.app.inject({ url: '/read', cookies: { [FLOW_COOKIE]: OLD } });
    const lines = s.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === 'from the route')?.flowId).toBe(OLD);
    expect(lines.find((l) => l.msg === 'request completed')?.flowId).toBe(OLD);
  });

  it('a new flow replaces the old id once (one flowId key per line)', async () => {
    const s = await server();
    await s.app.inject({ url: '/restart', cookies: { [FLOW_COOKIE]: OLD } });
    const raw = s.lines().find((l) => l.includes('after the new flow')) ?? '';
    expect(raw.match(/"flowId"/g)).toHaveLength(1);
    expect(JSON.parse(raw).flowId).toBe(NEW);
  });

  it('the flow-bound logger is made from the server’s logger, not from the request’s own', async () => {
    // A logger made from the request's own makes that one a prototype, set up anew by V8 for every
    // request (docs/performance.md "A request's logger").
    const s = await server();
    let own: object | undefined;
    let bound: object | undefined;
    s.app.get('/prototype', async (request) => {
      own = request.log;
      readFlowId(request);
      bound = request.log;
      return 'ok';
    });
    await s.app.inject({ url: '/prototype', cookies: { [FLOW_COOKIE]: OLD } });
    expect(bound).toBeDefined();
    expect(bound).not.toBe(own);
    expect(Object.getPrototypeOf(bound)).toBe(s.app.log);
    const line = s.lines().find((l) => l.includes('request completed') && l.includes(OLD)) ?? '';
    expect(Object.keys(JSON.parse(line))).toEqual(expect.arrayContaining(['reqId', 'flowId']));
  });

  it('a cookie that is not shaped like a flow id is not copied into the log', async () => {
    const s = await server();
    await s.app.inject({ url: '/read', cookies: { [FLOW_COOKIE]: 'x"\n'.repeat(50) } });
    expect(s.lines().some((l) => l.includes('flowId'))).toBe(false);
  });
});

describe('a finished request and the young generation', () => {
  it('is not kept alive by the flow binding until a full collection', async () => {
    // A request whose flow binding held it in a long-lived table, with a value leading back to it, was
    // kept by every young-generation collection and moved to the old generation with everything it
    // reached, until the next full collection (docs/performance.md "Requests kept until a full
    // collection"). Over a socket, as a browser sends it: light-my-request's injected requests are kept
    // longer by their own.
    const app = Fastify({
      logger: { level: 'info', stream: new Writable({ write: (_c, _e, done) => done() }) },
    });
    await app.register(fastifyCookie);
    installFlowLogBinding(app);
    app.post('/read', async (request) => {
      readFlowId(request);
      return 'ok';
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true });
    const body = 'b'.repeat(8 * 1024);
    const N = 400;
    const post = (i: number) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/read',
            agent,
            headers: { 'content-type': 'text/plain', cookie: `${FLOW_COOKIE}=${OLD}` },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(`${body}${i}`);
      });
    try {
      const promoted = await promotedByFinishedRequests(async () => {
        for (let i = 0; i < N; i++) expect(await post(i)).toBe(200);
      });
      // Kept alive, the bodies alone would be N × 8 KB ≈ 3.2 MB (measured: 4.8 MB kept before, 34 KB after).
      expect(promoted).toBeLessThan((N * body.length) / 4);
    } finally {
      agent.destroy();
      await app.close();
    }
  });
});
