import { createServer, request } from 'node:http';

export interface Balancer {
  /** `http://localhost:<port>` — the deployment's public URL. */
  url: string;
  close(): Promise<void>;
}

/**
 * A round-robin HTTP balancer in front of the nodes, as operators run Passi: each request goes to the next
 * node, so one login crosses nodes. A node that does not answer gives 502 (the test counts it as a failure).
 */
export async function startBalancer(nodes: () => string[]): Promise<Balancer> {
  let next = 0;
  const server = createServer((req, res) => {
    const all = nodes();
    const target = new URL(all[next++ % all.length] ?? 'http://127.0.0.1:1');
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'x-balancer': 'node unreachable' });
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
