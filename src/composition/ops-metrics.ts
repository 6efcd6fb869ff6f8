import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Registry } from 'prom-client';
import type { PassiConfig } from '../config/config-schema.ts';
import type { Clock } from '../core/clock.ts';
import { ErrorCodes } from '../core/error-codes.ts';
import { isPassiError } from '../core/errors.ts';
import type { LoginEventSubscriber } from '../core/flow/login-events.ts';
import { createLoginMetrics } from '../ops/metrics/login-metrics.ts';
import { startMetricsListener } from '../ops/metrics/metrics-listener.ts';
import { registerStoreGauges } from '../ops/metrics/store-gauges.ts';
import { logsInOverSaml } from '../upstream/saml/idp-metadata-schedule.ts';
import type { AppServices } from './app-services.ts';

/**
 * Operators' metrics (docs/operations.md "Metrics"): a registry of this app instance's own (never
 * prom-client's global one, so several apps in one process keep separate counts), fed by the login
 * events, the public server's responses (rate-limit refusals, answers refused at a school's return
 * address) and read-only looks at the store at scrape time. Served only by the management listener on
 * PASSI_METRICS_PORT, started and stopped with the public server; without that port nothing listens.
 */
export function installOpsMetrics(input: {
  server: FastifyInstance;
  config: PassiConfig;
  clock: Clock;
  /** The ready services; undefined while Passi is starting. */
  services: () => AppServices | undefined;
}) {
  const { server, config, clock } = input;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const knownIds = async () => {
    const services = input.services();
    if (!services) return { services: new Set<string>(), integrations: new Set<string>() };
    const snapshot = await services.registry.current();
    return { services: snapshot.services, integrations: snapshot.integrations };
  };
  const logins = createLoginMetrics({ registry, knownIds, flowTtlMs: config.flowTtlSeconds * 1000 });

  registerStoreGauges(registry, {
    now: () => clock.now(),
    keys: () => input.services()?.keys.keys,
    memoryState: () => {
      const state = input.services()?.memoryState;
      if (!state) return undefined;
      const oidc = state.oidcArtifacts();
      const waiting = state.rowsWaiting();
      return {
        flows: state.flows(),
        replay: state.replayKeys(),
        replay_stored: state.storedReplayKeys(),
        oidc_interaction: oidc.Interaction,
        oidc_authorization_code: oidc.AuthorizationCode,
        oidc_cached_rows: state.oidcCachedRows(),
        login_rows_waiting: waiting.login,
        oidc_rows_waiting: waiting.oidc,
      };
    },
    idpMetadata: async () => {
      const services = input.services();
      if (!services) return [];
      const snapshot = await services.registry.current();
      const saml = [...snapshot.integrations.values()].filter((e) => logsInOverSaml(e.integration));
      const statuses = await Promise.all(saml.map((e) => services.upstreamMetadata.status(e.integration.id)));
      return statuses.filter((s) => s !== undefined);
    },
  });

  const rateLimited = new Counter({
    name: 'passi_rate_limit_refusals_total',
    help: 'Requests refused with 429 by the rate limits, by class (login, return, search, token, admin).',
    labelNames: ['class'] as const,
    registers: [registry],
  });
  server.addHook('onResponse', async (request, reply) => {
    const cls = request.routeOptions.config.rateLimitClass;
    if (reply.statusCode === 429 && cls) rateLimited.inc({ class: cls });
  });
  // An answer refused at a school's return address (bad signature, replay, another login's answer) ends
  // on an error page, not in a login.failed event (docs/architecture.md "Login events").
  server.addHook('onError', async (request, _reply, error) => {
    const params: unknown = request.params;
    const flowName =
      typeof params === 'object' &&
      params !== null &&
      'flowName' in params &&
      typeof params.flowName === 'string'
        ? params.flowName
        : undefined;
    const services = input.services();
    // A rate-limit refusal is not the school's answer; it has its own counter.
    if (!flowName || !isPassiError(error) || error.code === ErrorCodes.RATE_LIMITED || !services) return;
    const entry = (await services.registry.current()).integrationsByFlowName.get(flowName);
    await logins.refusedAtReturn(error.code, entry?.integration.id);
  });

  let listener: Awaited<ReturnType<typeof startMetricsListener>> | undefined;
  const port = config.metricsPort;
  if (port !== undefined) {
    // onReady, not onListen: listen() waits for it, so a port already taken fails the start.
    server.addHook('onReady', async () => {
      listener = await startMetricsListener({
        registry,
        host: config.metricsHost,
        port,
        onError: (e) => server.log.error({ err: e }, 'metrics could not be collected'),
      });
      server.log.info({ host: config.metricsHost, port: listener.port }, 'metrics listening');
    });
    server.addHook('onClose', async () => {
      await listener?.close();
    });
  }

  return {
    registry,
    /** The login events' subscriber (src/composition/login-event-subscribers.ts). */
    loginEvents: logins.subscriber satisfies LoginEventSubscriber,
    /** The management listener's port once listening. */
    listenerPort: () => listener?.port,
  };
}

export type OpsMetrics = ReturnType<typeof installOpsMetrics>;
