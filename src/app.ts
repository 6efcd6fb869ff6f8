/*
 * The composition root (conventions.md habit 7): the one place that builds and connects the concrete
 * parts. Its helpers in src/composition/ build the connectors, the route plugins of each surface and the
 * background jobs; this file owns the order of boot and shutdown.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from './composition/app-services.ts';
import { startBackgroundJobs } from './composition/background-jobs.ts';
import { buildConnectors } from './composition/build-connectors.ts';
import { rateLimitClass } from './composition/rate-limit-classes.ts';
import { surfaceRoutes } from './composition/surface-routes.ts';
import type { PassiConfig } from './config/config-schema.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { ErrorCodes } from './core/error-codes.ts';
import { isPassiError, PassiError } from './core/errors.ts';
import { createLoginFlow } from './core/flow/login-flow.ts';
import { createOidcOp } from './downstream/oidc-op/create-oidc-op.ts';
import { deriveOidcCookieKeys } from './downstream/oidc-op/oidc-secrets.ts';
import { createSamlFace } from './downstream/saml-idp/saml-face.ts';
import { samlIdpUrls } from './downstream/saml-idp/saml-idp-urls.ts';
import { buildServer, type ReadinessReport } from './http/build-server.ts';
import { readLastServiceId } from './http/flow-cookies.ts';
import { ensureKeys } from './keys/key-store.ts';
import { resolveSecretKey } from './ops/secret-key-file.ts';
import { createOrgdataRepository, loadOrgdataLookup } from './orgdata/orgdata-repository.ts';
import { loadSigningCredential } from './protocols/saml/signing-credential.ts';
import { formatImportResult, importRegistry } from './registry/import-registry.ts';
import { createRegistryDirectory, toUpstreamIntegration } from './registry/registry-directory.ts';
import { createRegistryIdentityResolver } from './registry/registry-identity-resolver.ts';
import { createRegistryRepository, REGISTRY_CHANNEL } from './registry/registry-repository.ts';
import { createRegistryCache, type RegistryCache } from './registry/registry-snapshot.ts';
import { serviceReturnAddress } from './registry/service-return-address.ts';
import { migrateToLatest, migrationsComplete } from './store/migrate.ts';
import { openStore, type Store } from './store/open-store.ts';
import { createSecretBox } from './store/secret-box.ts';
import { createFlowStore } from './store/state/flow-store.ts';
import { createLoginReportStore } from './store/state/login-report-store.ts';
import { createReplayCache } from './store/state/replay-cache.ts';
import { createSessionStore } from './store/state/session-store.ts';
import { SharedRateCounters } from './store/state/shared-rate-counters.ts';
import { createIdpMetadataStore } from './upstream/saml/idp-metadata-store.ts';
import type { SamlSpDeps } from './upstream/saml/saml-sp-connector.ts';
import { spUrls } from './upstream/saml/sp-urls.ts';

export {
  ATTRIBUTE_TEST_OIDC_CLIENT,
  ATTRIBUTE_TEST_OIDC_SERVICE,
  ATTRIBUTE_TEST_SAML_SERVICE,
} from './composition/app-services.ts';
export type { AppServices };

export interface AppOptions {
  clock?: Clock;
  logStream?: NodeJS.WritableStream;
  /** Tests: use an in-memory embedded store. */
  inMemoryStore?: boolean;
  /** Tests: start the in-memory store from this migrated data-dir dump. */
  embeddedTemplate?: Blob;
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
  let stopBackground: (() => void) | undefined;

  const require = (): AppServices => {
    if (!services)
      throw new PassiError(ErrorCodes.STORE_UNREACHABLE, 'Passi is starting: the store is not ready yet', {
        status: 503,
      });
    return services;
  };

  const readiness = async (): Promise<ReadinessReport> => {
    if (!services) return { ready: false, checks: { store: false, migrations: false, keys: false } };
    const store = await services.store.ping();
    const migrations = store && (await migrationsComplete(services.db));
    const keys = services.keys.samlSigning !== undefined;
    return { ready: store && migrations && keys, checks: { store, migrations, keys } };
  };

  const urls = samlIdpUrls(config.publicUrl);
  const sp = spUrls(config.publicUrl);
  const activeIntegrations = async (registry: RegistryCache = require().registry) =>
    [...(await registry.current()).integrations.values()]
      .filter((e) => e.integration.status === 'active')
      .map(toUpstreamIntegration);
  const routes = surfaceRoutes({ config, clock, require, activeIntegrations });
  const rateCounters = new SharedRateCounters(() => services?.db);

  const server = await buildServer({
    returnTarget: async (request, lang) => {
      const serviceId = readLastServiceId(request);
      return serviceId && services
        ? serviceReturnAddress(await services.registry.current(), serviceId, lang)
        : undefined;
    },
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    timeouts: { headersMs: config.httpHeadersTimeoutMs, requestMs: config.httpRequestTimeoutMs },
    readiness,
    routes,
    logStream: options.logStream,
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
  const log = server.log;
  const key = resolveSecretKey(config, (m) => log.warn(m));
  const box = createSecretBox(key);

  const ready = (async (): Promise<AppServices> => {
    const store = await openStoreWithRetry(
      config,
      options,
      (m) => log.error(m),
      () => closed,
    );
    try {
      const migrated = await migrateToLatest(store.db);
      if (migrated.applied.length) log.info({ applied: migrated.applied }, 'migrations applied');
      const keys = await ensureKeys(store.db, box, {
        signingKeyType: config.signingKeyType,
        commonName: new URL(config.publicUrl).hostname,
      });
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
      const stopListening = await store.listen(REGISTRY_CHANNEL, registry.invalidate, registry.setListening);
      await registry.current();
      const orgdataStore = createOrgdataRepository(store.db);
      let orgdata = await loadOrgdataLookup(orgdataStore);
      const directory = createRegistryDirectory(registry);
      const replay = createReplayCache(store.db);
      const upstreamMetadata = createIdpMetadataStore({ db: store.db, clock });
      const samlSp: SamlSpDeps = {
        urls: sp,
        metadata: () => upstreamMetadata,
        keys: () => keys,
        replay: () => replay,
        clock,
        clockSkewSeconds: config.clockSkewSeconds,
      };
      const reports = createLoginReportStore(store.db, clock, async (serviceId) => {
        // Raw attributes are kept only for built-in services (the attribute test service).
        const entry = (await registry.current()).services.get(serviceId);
        return entry?.service.alwaysAllowed === true;
      });
      const pairwiseSecret = createHmac('sha256', key).update('passi:pairwise-subject:v1').digest();
      const samlCredential = loadSigningCredential(
        keys.samlSigning.privateKeyPem,
        keys.samlSigning.certificatePem,
      );
      const connectors = buildConnectors({ config, clock, replay, registry, samlSp });
      const sessions = createSessionStore(store.db, clock);
      const oidc = createOidcOp({
        publicUrl: config.publicUrl,
        // Koa knows only "trust the proxy or not"; which hops are trusted decides the client address, which
        // Fastify reads (operations.md "Behind a reverse proxy").
        trustProxy: config.trustProxy !== false,
        flowTtlSeconds: config.flowTtlSeconds,
        sessionTtlSeconds: config.sessionTtlSeconds,
        db: store.db,
        clock,
        registry,
        keys,
        secrets: { pairwiseSecret, cookieKeys: deriveOidcCookieKeys(key) },
        sessions,
        log,
      });
      const flow = createLoginFlow({
        flows: createFlowStore(store.db, clock),
        sessions,
        directory,
        connectors,
        resolver: createRegistryIdentityResolver(registry, () => orgdata),
        recorder: reports.recorder,
        faces: {
          oidc: oidc.face,
          saml: createSamlFace({
            entityId: urls.entityId,
            registry,
            credential: () => samlCredential,
            clock,
            pairwiseSecret,
            validitySeconds: 300,
            sessionTtlSeconds: config.sessionTtlSeconds,
          }),
        },
        clock,
        flowTtlSeconds: config.flowTtlSeconds,
        sessionTtlSeconds: config.sessionTtlSeconds,
        discoveryPath: '/discovery',
        newId: () => randomBytes(32).toString('base64url'),
      });
      const stopJobs = startBackgroundJobs({
        config,
        db: store.db,
        log,
        orgdataStore,
        setOrgdata: (fresh) => {
          orgdata = fresh;
        },
        upstreamMetadata,
        activeIntegrations: () => activeIntegrations(registry),
        integrations: async () =>
          [...(await registry.current()).integrations.values()].map((e) => e.integration),
      });
      const stopRateSync = rateCounters.start(config.rateLimitSyncMs, (e) =>
        log.warn({ err: e }, 'rate limit counters could not be shared; counting on this node only'),
      );
      stopBackground = () => {
        stopJobs();
        stopRateSync();
        void stopListening();
      };
      services = {
        config,
        clock,
        store,
        db: store.db,
        box,
        keys,
        repo,
        registry,
        directory,
        flow,
        replay,
        reports,
        samlCredential,
        orgdata: () => orgdata,
        pairwiseSecret,
        oidc,
        upstreamMetadata,
        rateCounters,
      };
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
      stopBackground?.();
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
      return await openStore({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        inMemory: options.inMemoryStore,
      });
    } catch (e) {
      if (!options.retryStore || isClosed() || !isPassiError(e) || e.code !== ErrorCodes.STORE_UNREACHABLE)
        throw e;
      if (!reported) logError(`${e.message} — retrying; /readyz reports not-ready until it is reachable`);
      reported = true;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  }
}
