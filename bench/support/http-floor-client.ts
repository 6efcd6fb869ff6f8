/**
 * The HTTP floor's client (bench/support/http-floor.ts), run as its own process: `count` logins,
 * `concurrency` at a time, each sending a recorded login's requests to the floor server one after another
 * over kept-alive connections, with the same method, path, headers and body, and reading each answer
 * whole. Prints one JSON line: how long it took and how many answers differed from the recording's status.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { Exchange } from './proxied-login-client.ts';

const [portText = '0', file = '', countText = '1000', concText = '4'] = process.argv.slice(2);
const exchanges = JSON.parse(readFileSync(file, 'utf8')) as Exchange[];
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function replay(x: Exchange): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: Number(portText),
        path: x.path,
        method: x.method,
        headers: x.headers,
        agent,
      },
      (res) => {
        res.on('data', () => {});
        res.on('error', reject);
        res.on('end', () => resolve(res.statusCode === x.status));
      },
    );
    req.on('error', reject);
    req.end(x.body);
  });
}

const count = Number(countText);
let next = 0;
let mismatches = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: Number(concText) }, async () => {
    while (next < count) {
      next++;
      for (const x of exchanges) if (!(await replay(x))) mismatches++;
    }
  }),
);
console.log(JSON.stringify({ elapsedMs: performance.now() - t0, mismatches }));
agent.destroy();
