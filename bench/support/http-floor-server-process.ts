/**
 * The HTTP floor's server (bench/support/http-floor.ts), run as its own process: it answers every request
 * with the answer Passi gave to the same method and path in a recorded login, doing no other work. It reads
 * each request's body, as Passi must. `node:http` is Node's own server; `fastify` adds the framework Passi
 * runs on (its routing, hooks and reply, with logging off). Its CPU is read by the parent through
 * `GET /__floor/cpu` (microseconds since the previous read).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import Fastify from 'fastify';
import type { Exchange } from './proxied-login-client.ts';

const [file = '', kind = 'node-http'] = process.argv.slice(2);
const exchanges = JSON.parse(readFileSync(file, 'utf8')) as Exchange[];

/** Headers the server writes itself on every answer; the rest are sent as Passi sent them. */
const OWN = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
const answers = new Map<string, { status: number; headers: [string, string][]; body: string }>();
for (const x of exchanges) {
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < x.rawHeaders.length; i += 2) {
    const name = x.rawHeaders[i] ?? '';
    if (!OWN.has(name.toLowerCase())) headers.push([name, x.rawHeaders[i + 1] ?? '']);
  }
  answers.set(`${x.method} ${x.path}`, { status: x.status, headers, body: x.responseBody });
}

let cpu0 = process.cpuUsage();
function cpuSinceLastRead(): string {
  const used = process.cpuUsage(cpu0);
  cpu0 = process.cpuUsage();
  return String(used.user + used.system);
}

function listening(port: number): void {
  console.log(JSON.stringify({ port }));
}

if (kind === 'fastify') {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) =>
    done(null, body),
  );
  app.get('/__floor/cpu', async () => cpuSinceLastRead());
  app.all('/*', async (request, reply) => {
    const answer = answers.get(`${request.method} ${request.url}`);
    if (answer === undefined) return reply.code(404).send('not recorded');
    reply.code(answer.status);
    // Fastify adds each Set-Cookie line to the ones before it (several stay several).
    for (const [name, value] of answer.headers) reply.header(name, value);
    return reply.send(answer.body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  listening(typeof address === 'object' && address !== null ? address.port : 0);
} else {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/__floor/cpu') {
        res.end(cpuSinceLastRead());
        return;
      }
      const answer = answers.get(`${req.method} ${req.url}`);
      if (answer === undefined) {
        res.writeHead(404).end('not recorded');
        return;
      }
      res.writeHead(answer.status, answer.headers.flat());
      res.end(answer.body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    listening(typeof address === 'object' && address !== null ? address.port : 0);
  });
}
