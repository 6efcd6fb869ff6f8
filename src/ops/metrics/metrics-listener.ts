import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * The management listener: `GET /metrics` in the Prometheus text format, nothing else (404). It is a
 * plain HTTP server apart from the public one, so the metrics are reachable only where the operator
 * binds it (PASSI_METRICS_HOST, loopback by default; docs/operations.md "Metrics").
 */
export async function startMetricsListener(input: {
  registry: Registry;
  host: string;
  port: number;
  onError: (error: unknown) => void;
}): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    input.registry
      .metrics()
      .then((text) => {
        response.writeHead(200, { 'content-type': input.registry.contentType, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : text);
      })
      .catch((e: unknown) => {
        input.onError(e);
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics failed\n');
      });
  });
  // A scrape is one short request; slow or idle clients are cut off.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(input.port, input.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : input.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
