import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { adminRegistryRoutes } from './admin/registry-routes.ts';
import type { PassiConfig } from './config/config-schema.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { ErrorCodes } from './core/error-codes.ts';
import { isPassiError, PassiError } from './core/errors.ts';
import { buildServer, type ReadinessReport } from './http/build-server.ts';
import { ensureKeys, type KeySet } from './keys/key-store.ts';
import { resolveSecretKey } from './ops/secret-key-file.ts';
import { startSweeper } from './ops/sweeper.ts';
import { formatImportResult, importRegistry } from './registry/import-registry.ts';
import { createRegistryRepository, type RegistryRepository } from './registry/registry-repository.ts';
import { createRegistryCache, type RegistryCache } from './registry/registry-snapshot.ts';
import type { Db } from './store/database.ts';
import { migrateToLatest, migrationsComplete } from './store/migrate.ts';
import { openStore, type Store } from './store/open-store.ts';
import { createSecretBox, type SecretBox } from './store/secret-box.ts';

/** Everything a request handler may use once Passi is ready. Built only here (conventions.md habit 7). */
export interface AppServices {
  config: PassiConfig;
  clock: Clock;
  store: Store;
  db: Db;
  box: SecretBox;
  keys: KeySet;
  repo: RegistryRepository;
  registry: RegistryCache;
}

export interface AppOptions {
  clock?: Clock;
  logStream?: NodeJS.WritableStream;
  /** Tests: use an in-memory embedded store. */
  inMemoryStore?: boolean;
  /** Retry the store at boot until reachable (server mode); commands fail at once instead. */
  retryStore?: boolean;
}

export interface PassiApp {
  server: FastifyInstance;
  /** Resolves when the store, migrations, keys and registry are ready. */
  ready: Promise<AppServices>;
  services(): AppServices;
  close(): Promise<void>;
}

const DEMO_REGISTRY = new URL('../demo/registry.yaml', import.meta.url);

/**
 * The composition root: builds the concrete store, key store, clock and registry, and mounts every
 * surface. The HTTP server is up before the store (so `/healthz` answers and `/readyz` says why not).
 */
export async function createApp(config: PassiConfig, options: AppOptions = {}): Promise<PassiApp> {
  const clock = options.clock ?? systemClock;
  let services: AppServices | undefined;
  let closed = false;
  let stopSweeper: (() => void) | undefined;

  const require = (): AppServices => {
    if (!services) throw new PassiError(ErrorCodes.STORE_UNREACHABLE, 'Passi is starting: the store is not ready yet', { status: 503 });
    return services;
  };

  const readiness = async (): Promise<ReadinessReport> => {
    if (!services) return { ready: false, checks: { store: false, migrations: false, keys: false } };
    const store = await services.store.ping();
    const migrations = store && (await migrationsComplete(services.db));
    const keys = services.keys.samlSigning !== undefined;
    return { ready: store && migrations && keys, checks: { store, migrations, keys } };
  };

  const routes: { protocol: FastifyPluginAsync[]; pages: FastifyPluginAsync[]; admin: FastifyPluginAsync[] } = {
    protocol: [],
    pages: [],
    admin: [
      adminRegistryRoutes({
        adminToken: config.adminToken,
        repo: () => require().repo,
        publicUrl: config.publicUrl,
        now: () => clock.now(),
      }),
    ],
  };

  const server = await buildServer({
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    readiness,
    routes,
    logStream: options.logStream,
  });
  const log = server.log;
  const key = resolveSecretKey(config, (m) => log.warn(m));
  const box = createSecretBox(key);

  const ready = (async (): Promise<AppServices> => {
    const store = await openStoreWithRetry(config, options, (m) => log.error(m), () => closed);
    try {
      const migrated = await migrateToLatest(store.db);
      if (migrated.applied.length) log.info({ applied: migrated.applied }, 'migrations applied');
      const keys = await ensureKeys(store.db, box, { signingKeyType: config.signingKeyType, commonName: new URL(config.publicUrl).hostname });
      const repo = createRegistryRepository(store.db, box);
      if (config.demoData === 'auto' && (await repo.count()) === 0) {
        const result = await importRegistry(repo, readFileSync(DEMO_REGISTRY, 'utf8'), {
          publicUrl: config.publicUrl,
          now: clock.now(),
          actor: 'system:demo-seed',
        });
        log.info(`demo registry imported (registry was empty):\n${formatImportResult(result)}`);
      }
      const registry = createRegistryCache(repo);
      await registry.current();
      stopSweeper = startSweeper(store.db, config.sweepIntervalSeconds * 1000, (e) => log.warn({ err: e }, 'sweep failed'));
      services = { config, clock, store, db: store.db, box, keys, repo, registry };
      log.info({ store: store.kind }, 'Passi is ready');
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
    services: require,
    async close() {
      closed = true;
      stopSweeper?.();
      await server.close();
      const s = services ?? (await ready.catch(() => undefined));
      await s?.store.close();
    },
  };
}

/** One clear line when the store is unreachable (issue 2 "Bad input"), then quiet retries. */
async function openStoreWithRetry(
  config: PassiConfig,
  options: AppOptions,
  logError: (m: string) => void,
  isClosed: () => boolean,
): Promise<Store> {
  let reported = false;
  let delay = 1000;
  for (;;) {
    try {
      return await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, inMemory: options.inMemoryStore });
    } catch (e) {
      if (!options.retryStore || isClosed() || !isPassiError(e) || e.code !== ErrorCodes.STORE_UNREACHABLE) throw e;
      if (!reported) logError(`${e.message} — retrying; /readyz reports not-ready until it is reachable`);
      reported = true;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  }
}
