/*
 * The composition root: the one place that builds and connects the concrete
 * parts. Each phase of boot lives in src/composition/ (serve-http, open-store, build-services, start-jobs);
 * this file owns their order and the order of shutdown.
 */
import type { FastifyInstance } from 'fastify';
import type { AppServices } from './composition/app-services.ts';
import { buildServices } from './composition/build-services.ts';
import { openStoreWithRetry, prepareStore } from './composition/open-store.ts';
import { installOpsMetrics } from './composition/ops-metrics.ts';
import { serveHttp } from './composition/serve-http.ts';
import { startJobs } from './composition/start-jobs.ts';
import type { PassiConfig } from './config/config-schema.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { ErrorCodes } from './core/error-codes.ts';
import { fail } from './core/errors.ts';
import type { LogDestination } from './http/build-server.ts';
import { warnOfMissingDependencyPatches } from './ops/dependency-patches.ts';
import { logPoolThreadScheduling } from './ops/log-pool-thread-scheduling.ts';
import { resolveSecretKey } from './ops/secret-key-file.ts';
import type { FetchLike } from './outbound/outbound-fetch.ts';
import { firstOperatorHint } from './portal/commands/first-operator-hint.ts';
import { createSecretBox } from './store/secret-box.ts';

export type { AppServices };

export interface AppOptions {
  clock?: Clock;
  logStream?: LogDestination;
  /** Tests: use an in-memory embedded store. */
  inMemoryStore?: boolean;
  /** Tests: start the in-memory store from this migrated data-dir dump. */
  embeddedTemplate?: Blob;
  /** Retry the store at boot until reachable (server mode); commands fail at once instead. */
  retryStore?: boolean;
  /**
   * Tests only: the transport of Wilma's user-data request (ConnectorDeps.upstreamFetch), so a test can
   * reach a fake Wilma under the host name an integration names, over https with a test certificate
   * (test/support/mapped-https-fetch.ts). Not a configuration option: the server and the commands never
   * pass it, and Passi then uses the global fetch with the system's certificate verification.
   */
  upstreamFetch?: FetchLike;
}

export interface PassiApp {
  server: FastifyInstance;
  /** Resolves when the store, migrations, keys and registry are ready. */
  ready: Promise<AppServices>;
  services(): AppServices;
  close(): Promise<void>;
  /**
   * Resolves if the node can no longer serve and only a restart helps: the embedded store's worker thread
   * stopped (docs/operations.md "When the embedded store stops"). `passi start` then exits with status 1.
   */
  lost: Promise<Error>;
}

/**
 * The composition root, in phases: the HTTP server (up before the store, so `/healthz` answers and `/readyz`
 * says why not), then in the background the store (open, migrate, keys, demo registry), the services built
 * on it, and the node's jobs. `ready` resolves with the services; `close` undoes it in reverse.
 */
export async function createApp(config: PassiConfig, options: AppOptions = {}): Promise<PassiApp> {
  const clock = options.clock ?? systemClock;
  let services: AppServices | undefined;
  let closed = false;
  let stopBackground: (() => void) | undefined;
  const require = (): AppServices => {
    if (!services) fail(ErrorCodes.STORE_UNREACHABLE, 'Passi is starting: the store is not ready yet');
    return services;
  };

  const { server, rateCounters } = await serveHttp({
    config,
    clock,
    logStream: options.logStream,
    current: () => services,
    require,
  });
  const log = server.log;
  warnOfMissingDependencyPatches(log);
  const scheduling = logPoolThreadScheduling(config.poolThreadScheduling, log);
  const metrics = installOpsMetrics({ server, config, clock, services: () => services });
  const key = resolveSecretKey(config, (m) => log.warn(m));
  const box = createSecretBox(key);

  let storeLost: (reason: Error) => void = () => {};
  const lost = new Promise<Error>((resolve) => {
    storeLost = resolve;
  });
  const ready = (async (): Promise<AppServices> => {
    const store = await openStoreWithRetry(config, options, log, () => closed, storeLost);
    try {
      const { keys, repo } = await prepareStore(store, { config, box, clock, log });
      const built = await buildServices({
        config,
        clock,
        log,
        key,
        box,
        store,
        keys,
        repo,
        rateCounters,
        metrics,
        upstreamFetch: options.upstreamFetch,
      });
      stopBackground = startJobs(built, log);
      await scheduling;
      services = built.services;
      log.info({ store: store.kind }, 'Passi is ready');
      await firstOperatorHint(store.db, (m) => log.info(m)).catch(() => {});
      return services;
    } catch (e) {
      await store.close().catch(() => {});
      throw e;
    }
  })();
  // Surface boot failures through `ready`; never as an unhandled rejection.
  ready.catch(() => {});

  return {
    server,
    ready,
    lost,
    services: require,
    async close() {
      closed = true;
      stopBackground?.();
      await server.close();
      const s = services ?? (await ready.catch(() => undefined));
      // The logins just finished are counted, and what they decided in memory written, before the store closes.
      await s?.dailyCounts
        .flush()
        .catch((e: unknown) => log.error({ err: e }, 'daily login counts could not be written at shutdown'));
      for (const { what, writes } of s?.writesBehind ?? [])
        await writes
          .flush()
          .catch((e: unknown) => log.error({ err: e }, `${what} could not be written at shutdown`));
      await s?.store.close();
    },
  };
}
