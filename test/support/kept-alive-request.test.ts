import http from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptAliveRequest } from '../../bench/support/kept-alive-request.ts';
import { closeServer, listenLocal } from './fakes/listen.ts';

/**
 * The proxied-login benchmark's browser on a kept-alive connection that the server closes just as the
 * next request arrives: the race behind a login that failed with `read ECONNRESET` in a benchmark run
 * (docs/performance.md "A connection the server closed"). The server here closes a connection on its
 * second request without answering, which is what the client sees in that race.
 */
describe('a request on a kept-alive connection the server has closed', () => {
  let server: http.Server;
  let base = '';
  const requestsOn = new WeakMap<Socket, number>();
  let closeReused = true;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const n = (requestsOn.get(req.socket) ?? 0) + 1;
      requestsOn.set(req.socket, n);
      if (n > 1 && closeReused) {
        req.socket.destroy();
        return;
      }
      res.end(`answer ${req.method} ${n}`);
    });
    base = await listenLocal(server);
  });
  afterAll(() => closeServer(server));

  it('is sent again on a new connection, as a browser does, and the retry is reported', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const retries: string[] = [];
    const first = await keptAliveRequest(agent, new URL(`${base}/a`), {}, (w) => retries.push(w));
    expect(first.body).toBe('answer GET 1');
    const second = await keptAliveRequest(
      agent,
      new URL(`${base}/b`),
      { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (w) => retries.push(w),
    );
    expect(second.body).toBe('answer POST 1');
    expect(retries).toEqual([`POST ${base}/b (ECONNRESET)`]);
    agent.destroy();
  });

  it('fails, naming the request, when a new connection is closed too', async () => {
    closeReused = false;
    const closing = http.createServer((req) => req.socket.destroy());
    const closingBase = await listenLocal(closing);
    const agent = new http.Agent({ keepAlive: true });
    const retries: string[] = [];
    await expect(
      keptAliveRequest(agent, new URL(`${closingBase}/c`), {}, (w) => retries.push(w)),
    ).rejects.toThrow(`GET ${closingBase}/c: Error: socket hang up`);
    expect(retries).toEqual([]);
    agent.destroy();
    await closeServer(closing);
    closeReused = true;
  });
});
