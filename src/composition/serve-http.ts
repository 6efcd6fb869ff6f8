import type { FastifyInstance } from 'fastify';
import type { PassiConfig } from '../config/config-schema.ts';
import type { Clock } from '../core/clock.ts';
import { buildServer, type LogDestination, type ReadinessReport } from '../http/build-server.ts';
import { readLastServiceId } from '../http/flow-cookies.ts';
import { serviceReturnAddress } from '../registry/service-return-address.ts';
import { migrationsComplete } from '../store/migrate.ts';
import { SharedRateCounters } from '../store/state/shared-rate-counters.ts';
import { activeIntegrations } from './active-integrations.ts';
import type { AppServices } from './app-services.ts';
import { rateLimitClass } from './rate-limit-classes.ts';
import { surfaceRoutes } from './surface-routes.ts';

/** How long /readyz may take before it answers "not ready" (a balancer's check times out after a few s). */
const READINESS_LIMIT_MS = 1500;

const NOT_READY: ReadinessReport = {
  ready: false,
  checks: { store: false, migrations: false, keys: false },
};

/**
 * The HTTP server with every surface mounted, up before the store: `/healthz` answers at once, `/readyz`
 * says what is missing, and handlers that need the store fail through `require` until it is ready.
 */
export async function serveHttp(input: {
  config: PassiConfig;
  clock: Clock;
  logStream: LogDestination | undefined;
  /** The services once ready, else undefined. */
  current: () => AppServices | undefined;
  /** The services, or a "Passi is starting" error. */
  require: () => AppServices;
}): Promise<{ server: FastifyInstance; rateCounters: SharedRateCounters }> {
  const { config, clock, current, require } = input;
  const routes = surfaceRoutes({
    config,
    clock,
    require,
    activeIntegrations: () => activeIntegrations(require().registry),
  });
  const rateCounters = new SharedRateCounters(() => current()?.db);
  const server = await buildServer({
    returnTarget: async (request, lang) => {
      const serviceId = readLastServiceId(request);
      const services = current();
      return serviceId && services
        ? serviceReturnAddress(await services.registry.current(), serviceId, lang)
        : undefined;
    },
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    timeouts: { headersMs: config.httpHeadersTimeoutMs, requestMs: config.httpRequestTimeoutMs },
    // A stalled database must not stall the balancer's health check: not ready within READINESS_LIMIT_MS.
    readiness: async () => {
      const services = current();
      return services ? withTimeout(checkReadiness(services), READINESS_LIMIT_MS, NOT_READY) : NOT_READY;
    },
    routes,
    logStream: input.logStream,
    rateLimit: {
      perMinute: {
        login: config.rateLimitLoginPerMinute,
        return: config.rateLimitReturnPerMinute,
        search: config.rateLimitSearchPerMinute,
        token: config.rateLimitTokenPerMinute,
        admin: config.rateLimitAdminPerMinute,
      },
      counters: rateCounters,
      classify: rateLimitClass,
    },
  });
  return { server, rateCounters };
}

async function checkReadiness(s: AppServices): Promise<ReadinessReport> {
  const store = await s.store.ping();
  const migrations = store && (await migrationsComplete(s.db).catch(() => false));
  const keys = s.keys.samlSigning !== undefined;
  return { ready: store && migrations && keys, checks: { store, migrations, keys } };
}

function withTimeout<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([work.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}
