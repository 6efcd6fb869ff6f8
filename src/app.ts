/*
 * The composition root: the one place that builds and connects the concrete
 * parts. Its helpers in src/composition/ build the connectors, the route plugins of each surface and the
 * background jobs; this file owns the order of boot and shutdown.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import {
  type AppServices,
  ATTRIBUTE_TEST_OIDC_SERVICE,
  ATTRIBUTE_TEST_SAML_SERVICE,
} from './composition/app-services.ts';
import { startBackgroundJobs } from './composition/background-jobs.ts';
import { buildConnectors } from './composition/build-connectors.ts';
import { logLoginFailure } from './composition/log-login-failure.ts';
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
import { firstOperatorHint } from './portal/commands/first-operator-hint.ts';
import { loadSigningCredential } from './protocols/saml/signing-credential.ts';
import { formatImportResult, importRegistry } from './registry/import-registry.ts';
import { createRegistryDirectory, toUpstreamIntegration } from './registry/registry-directory.ts';
import { createRegistryIdentityResolver } from './registry/registry-identity-resolver.ts';
import { createRegistryRepository, REGISTRY_CHANNEL } from './registry/registry-repository.ts';
import { createRegistryCache, type RegistryCache } from './registry/registry-snapshot.ts';
import { serviceReturnAddress } from './registry/service-return-address.ts';
import { migrateToLatest, migrationsComplete } from './store/migrate.ts';
import { openStore, type Store } from './store/open-store.ts';
import { retryDelayMs } from './store/retry-delay.ts';
import { createSecretBox } from './store/secret-box.ts';
import { createFlowStore } from './store/state/flow-store.ts';
import { createLoginReportStore } from './store/state/login-report-store.ts';
import { createReplayCache } from './store/state/replay-cache.ts';
import { createSessionStore } from './store/state/session-store.ts';
import { SharedRateCounters } from './store/state/shared-rate-counters.ts';
import { withStartupLock } from './store/with-startup-lock.ts';
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
const BUILT_IN_SERVICES = new Set([ATTRIBUTE_TEST_SAML_SERVICE, ATTRIBUTE_TEST_OIDC_SERVICE]);

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

  const notReady: ReadinessReport = {
    ready: false,
    checks: { store: false, migrations: false, keys: false },
  };
  const checkReadiness = async (s: AppServices): Promise<ReadinessReport> => {
    const store = await s.store.ping();
    const migrations = store && (await migrationsComplete(s.db).catch(() => false));
    const keys = s.keys.samlSigning !== undefined;
    return { ready: store && migrations && keys, checks: { store, migrations, keys } };
  };
  // A stalled database must not stall the balancer's health check: not ready within READINESS_LIMIT_MS.
  const readiness = async (): Promise<ReadinessReport> =>
    services ? withTimeout(checkReadiness(services), READINESS_LIMIT_MS, notReady) : notReady;

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
      // Lost connections are replaced by the store; an operator sees each loss once, as a warning.
      (e, where) => log.warn({ err: e, where }, 'database connection lost or failed; reconnecting'),
    );
    try {
      const migrated = await migrateToLatest(store.db);
      if (migrated.applied.length) log.info({ applied: migrated.applied }, 'migrations applied');
      const keys = await ensureKeys(store.db, box, {
        signingKeyType: config.signingKeyType,
        commonName: new URL(config.publicUrl).hostname,
      });
      const repo = createRegistryRepository(store.db, box);
      // Under the startup lock, nodes starting at once on an empty database import the demo once. The demo
      // registry (public test accounts) never enters a production registry, empty or not.
      await withStartupLock(store, async () => {
        if (config.mode !== 'production' && config.demoData === 'auto' && (await repo.count()) === 0) {
          const result = await importRegistry(repo, readFileSync(DEMO_REGISTRY, 'utf8'), {
            publicUrl: config.publicUrl,
            now: clock.now(),
            actor: 'system:demo-seed',
          });
          log.info(`demo registry imported (registry was empty):\n${formatImportResult(result)}`);
        }
      });
      const registry = createRegistryCache(repo, { recheckMs: config.registryRecheckMs });
      const stopListening = await store.listen(REGISTRY_CHANNEL, registry.invalidate, registry.setListening);
      await registry.current();
      const orgdataStore = createOrgdataRepository(store.db);
      let orgdata = await loadOrgdataLookup(orgdataStore);
      const directory = createRegistryDirectory(registry);
      const replay = createReplayCache(store.db);
      const upstreamMetadata = createIdpMetadataStore({ db: store.db, clock, log });
      const samlSp: SamlSpDeps = {
        urls: sp,
        metadata: () => upstreamMetadata,
        keys: () => keys,
        replay: () => replay,
        clock,
        clockSkewSeconds: config.clockSkewSeconds,
      };
      // Raw attributes are kept, under a handle released with the login, only for the built-in
      // attribute test service (docs/attribute-test-service.md).
      const builtIn = (serviceId: string) => BUILT_IN_SERVICES.has(serviceId);
      const reports = createLoginReportStore(store.db, clock, async (serviceId) => builtIn(serviceId));
      const pairwiseSecret = createHmac('sha256', key).update('passi:pairwise-subject:v1').digest();
      const sessionIndexSecret = createHmac('sha256', key).update('passi:saml-session-index:v1').digest();
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
        resolver: createRegistryIdentityResolver(
          registry,
          () => orgdata,
          (service) => (builtIn(service.id) ? randomBytes(32).toString('base64url') : undefined),
        ),
        recorder: reports.recorder,
        faces: {
          oidc: oidc.face,
          saml: createSamlFace({
            entityId: urls.entityId,
            registry,
            credential: () => samlCredential,
            clock,
            pairwiseSecret,
            sessionIndexSecret,
            validitySeconds: 300,
            sessionTtlSeconds: config.sessionTtlSeconds,
          }),
        },
        clock,
        flowTtlSeconds: config.flowTtlSeconds,
        sessionTtlSeconds: config.sessionTtlSeconds,
        formTokenSecret: createHmac('sha256', key).update('passi:form-token:v1').digest(),
        discoveryPath: '/discovery',
        newId: () => randomBytes(32).toString('base64url'),
        newErrorId: randomUUID,
        onLoginFailed: logLoginFailure(log),
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
        integrations: async () => [...(await registry.current()).integrations.values()],
        onRegistryChange: registry.onChange,
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

/** How long /readyz may take before it answers "not ready" (a balancer's check times out after a few s). */
const READINESS_LIMIT_MS = 1500;

function withTimeout<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([work.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}

/**
 * One clear line when the store is unreachable, then quiet retries, at most
 * MAX_RETRY_DELAY_MS apart so the node is ready soon after the database is back.
 */
async function openStoreWithRetry(
  config: PassiConfig,
  options: AppOptions,
  logError: (m: string) => void,
  isClosed: () => boolean,
  onConnectionError: (e: Error, where: 'pool' | 'listener') => void,
): Promise<Store> {
  let reported = false;
  let failures = 0;
  for (;;) {
    try {
      return await openStore({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        inMemory: options.inMemoryStore,
        postgres: {
          statementTimeoutMs: config.databaseStatementTimeoutMs,
          connectTimeoutMs: config.databaseConnectTimeoutMs,
          listenCheckMs: config.registryRecheckMs,
          onConnectionError,
        },
      });
    } catch (e) {
      if (!options.retryStore || isClosed() || !isPassiError(e) || e.code !== ErrorCodes.STORE_UNREACHABLE)
        throw e;
      if (!reported) logError(`${e.message} — retrying; /readyz reports not-ready until it is reachable`);
      reported = true;
      await new Promise((r) => setTimeout(r, retryDelayMs(failures++)));
    }
  }
}
