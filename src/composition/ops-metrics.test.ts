import { createServer } from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { systemClock } from '../core/clock.ts';
import { installOpsMetrics } from './ops-metrics.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const metricsConfig = (metricsPort?: number) =>
  loadConfig({ env: {}, overrides: metricsPort === undefined ? {} : { metricsPort } });

/** A public server with one route that answers as the rate limit does when refusing. */
async function publicServer(metricsPort?: number) {
  const server = Fastify();
  const metrics = installOpsMetrics({
    server,
    config: metricsConfig(metricsPort),
    clock: systemClock,
    services: () => undefined,
  });
  server.get('/login', { config: { rateLimitClass: 'login' } }, async (_request, reply) =>
    reply.status(429).send('slow down'),
  );
  server.get('/free', async () => 'ok');
  return { server, metrics };
}

describe('installOpsMetrics', () => {
  it('counts rate-limit refusals by class', async () => {
    const { server, metrics } = await publicServer();
    await server.inject('/login');
    await server.inject('/login');
    await server.inject('/free');
    expect(await metrics.registry.metrics()).toContain('passi_rate_limit_refusals_total{class="login"} 2');
    await server.close();
  });

  it('starts the management listener with the public server and stops it on close', async () => {
    const metricsPort = await freePort();
    const { server, metrics } = await publicServer(metricsPort);
    expect(metrics.listenerPort()).toBeUndefined();
    await server.listen({ port: 0, host: '127.0.0.1' });
    expect(metrics.listenerPort()).toBe(metricsPort);
    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('# TYPE passi_logins_total counter');
    await server.close();
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });

  it('without PASSI_METRICS_PORT nothing listens', async () => {
    const { server, metrics } = await publicServer();
    await server.listen({ port: 0, host: '127.0.0.1' });
    expect(metrics.listenerPort()).toBeUndefined();
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    await server.close();
  });
});
