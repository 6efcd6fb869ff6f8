/*
 * The composition root (conventions.md habit 7). It is longer than our ~400-line guideline because it is
 * the one place that builds and connects every concrete part — store, keys, registry, flow, faces,
 * connectors and the three HTTP surfaces — and splitting it would scatter that wiring. It holds no logic of
 * its own: every step it calls lives in a small module named for what it does.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { adminRegistryRoutes } from './admin/registry-routes.ts';
import type { PassiConfig } from './config/config-schema.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { ErrorCodes } from './core/error-codes.ts';
import { isPassiError, PassiError } from './core/errors.ts';
import { createLoginFlow, type LoginFlow } from './core/flow/login-flow.ts';
import type { IntegrationDirectory, UpstreamConnector } from './core/flow/ports.ts';
import { discoveryRoutes } from './discovery/discovery-routes.tsx';
import { followOrgdata, loadAllOrganisations } from './discovery/school-directory-source.ts';
import { createOidcOp, type OidcOp } from './downstream/oidc-op/create-oidc-op.ts';
import { oidcOpRoutes } from './downstream/oidc-op/oidc-op-routes.ts';
import { deriveOidcCookieKeys } from './downstream/oidc-op/oidc-secrets.ts';
import { createSamlFace } from './downstream/saml-idp/saml-face.ts';
import { samlIdpRoutes } from './downstream/saml-idp/saml-idp-routes.tsx';
import { samlIdpUrls } from './downstream/saml-idp/saml-idp-urls.ts';
import { buildServer, type ReadinessReport } from './http/build-server.ts';
import { readLastServiceId } from './http/flow-cookies.ts';
import { ensureKeys, type KeySet } from './keys/key-store.ts';
import { effectiveMapping } from './model/attribute-mapping.ts';
import { resolveSecretKey } from './ops/secret-key-file.ts';
import { startSweeper } from './ops/sweeper.ts';
import { createOrganisationServiceClient } from './orgdata/organisation-service-client.ts';
import type { OrgdataLookup } from './orgdata/orgdata-lookup.ts';
import { createOrgdataRepository, loadOrgdataLookup } from './orgdata/orgdata-repository.ts';
import { refreshOrgdata } from './orgdata/refresh-orgdata.ts';
import { scheduleOrgdataRefresh } from './orgdata/schedule-orgdata-refresh.ts';
import { loadSigningCredential, type SigningCredential } from './protocols/saml/signing-credential.ts';
import { formatImportResult, importRegistry } from './registry/import-registry.ts';
import { createRegistryDirectory, toUpstreamIntegration } from './registry/registry-directory.ts';
import { createRegistryIdentityResolver } from './registry/registry-identity-resolver.ts';
import {
  createRegistryRepository,
  REGISTRY_CHANNEL,
  type RegistryRepository,
} from './registry/registry-repository.ts';
import { createRegistryCache, type RegistryCache } from './registry/registry-snapshot.ts';
import { serviceReturnAddress } from './registry/service-return-address.ts';
import type { Db } from './store/database.ts';
import { migrateToLatest, migrationsComplete } from './store/migrate.ts';
import { openStore, type Store } from './store/open-store.ts';
import { createSecretBox, type SecretBox } from './store/secret-box.ts';
import { createFlowStore } from './store/state/flow-store.ts';
import { createLoginReportStore, type LoginReportStore } from './store/state/login-report-store.ts';
import { createReplayCache, type ReplayCache } from './store/state/replay-cache.ts';
import { createSessionStore } from './store/state/session-store.ts';
import { testServiceOidcRoutes } from './test-service/oidc-client-routes.ts';
import { testServiceSamlRoutes } from './test-service/saml-client-routes.ts';
import { createStoreCacheProvider } from './test-service/store-cache-provider.ts';
import { createAdfsConnector } from './upstream/adfs/adfs-connector.ts';
import { createEntraSamlConnector } from './upstream/entra/entra-saml-connector.ts';
import { createGraphClientPool } from './upstream/entra-graph/graph-client-pool.ts';
import { createEntraDispatcher } from './upstream/entra-oidc/entra-dispatcher.ts';
import { createEntraOidcConnector } from './upstream/entra-oidc/entra-oidc-connector.ts';
import { createGoogleConnector } from './upstream/google/google-connector.ts';
import { createOidcConnector } from './upstream/oidc/oidc-connector.ts';
import { oidcRoutes } from './upstream/oidc/oidc-routes.ts';
import { createOpinsysConnector } from './upstream/opinsys/opinsys-connector.ts';
import { opinsysRoutes } from './upstream/opinsys/opinsys-routes.ts';
import { scheduleIdpMetadataRefresh } from './upstream/saml/idp-metadata-schedule.ts';
import { createIdpMetadataStore, type IdpMetadataStore } from './upstream/saml/idp-metadata-store.ts';
import { createSamlSpConnector, type SamlSpDeps } from './upstream/saml/saml-sp-connector.ts';
import { samlSpRoutes } from './upstream/saml/saml-sp-routes.ts';
import { spUrls } from './upstream/saml/sp-urls.ts';
import { createTestDirectoryConnector } from './upstream/test-directory/test-directory-connector.ts';
import { testDirectoryRoutes } from './upstream/test-directory/test-directory-routes.ts';
import { createWilmaConnector } from './upstream/wilma/wilma-connector.ts';
import { wilmaRoutes } from './upstream/wilma/wilma-routes.ts';

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
  directory: IntegrationDirectory;
  flow: LoginFlow;
  replay: ReplayCache;
  reports: LoginReportStore;
  samlCredential: SigningCredential;
  /** Organisation data for the login path (in memory; reloaded after refreshes). */
  orgdata: () => OrgdataLookup;
  /** Keys derived from the secret key for pairwise identifiers. */
  pairwiseSecret: Buffer;
  /** The OpenID Provider face (issue 4). */
  oidc: OidcOp;
  /** School IdPs' SAML metadata (issue 6 §1): last good copies, refresh, expiry status. */
  upstreamMetadata: IdpMetadataStore;
}

/** Registry id of the attribute test service's SAML registration (demo/registry.yaml). */
export const ATTRIBUTE_TEST_SAML_SERVICE = 'attribute-test-saml';
/** Registry id and client id of the attribute test service's OIDC registration (demo/registry.yaml). */
export const ATTRIBUTE_TEST_OIDC_SERVICE = 'attribute-test-oidc';
export const ATTRIBUTE_TEST_OIDC_CLIENT = 'passi-attribute-test';

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
  let stopSweeper: (() => void) | undefined;

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
  const upstreamCallbackDeps = {
    flow: () => require().flow,
    directory: () => require().directory,
    sessionTtlSeconds: config.sessionTtlSeconds,
  };
  const routes: { protocol: FastifyPluginAsync[]; pages: FastifyPluginAsync[]; admin: FastifyPluginAsync[] } =
    {
      protocol: [
        // OIDC face (issue 4): oidc-provider endpoints + Passi's interaction page.
        oidcOpRoutes({
          op: () => require().oidc,
          flow: () => require().flow,
          registry: () => require().registry,
          flowTtlSeconds: config.flowTtlSeconds,
          sessionTtlSeconds: config.sessionTtlSeconds,
        }),
        samlIdpRoutes({
          urls,
          registry: () => require().registry,
          flow: () => require().flow,
          replay: () => require().replay,
          credential: () => require().samlCredential,
          metadataCertificates: () => {
            const { keys } = require().keys;
            return {
              signing: keys
                .filter((k) => k.use === 'saml-sig' && k.state !== 'retired')
                .map((k) => k.certificatePem),
              encryption: keys
                .filter((k) => k.use === 'saml-enc' && k.state !== 'retired')
                .map((k) => k.certificatePem),
            };
          },
          clock,
          clockSkewSeconds: config.clockSkewSeconds,
          flowTtlSeconds: config.flowTtlSeconds,
          sessionTtlSeconds: config.sessionTtlSeconds,
        }),
      ],
      pages: [
        discoveryRoutes({
          flow: () => require().flow,
          directory: () => require().directory,
          registry: () => require().registry,
          schools: followOrgdata(
            () => require().orgdata(),
            () => loadAllOrganisations(require().db),
          ),
          logoDir: () => join(config.dataDir, 'logos'),
        }),
        testDirectoryRoutes({
          flow: () => require().flow,
          directory: () => require().directory,
          sessionTtlSeconds: config.sessionTtlSeconds,
        }),
        // Return addresses of the school connectors (issue 6).
        wilmaRoutes(upstreamCallbackDeps),
        opinsysRoutes(upstreamCallbackDeps),
        oidcRoutes(upstreamCallbackDeps),
        // Passi as SAML SP toward ADFS, Google, Entra and other SAML IdPs (issue 6 §1–2).
        samlSpRoutes({
          urls: sp,
          flow: () => require().flow,
          integrations: () => activeIntegrations(),
          credential: () => require().samlCredential,
          certificates: () => {
            const { keys } = require().keys;
            const live = (use: string) =>
              keys.filter((k) => k.use === use && k.state !== 'retired').map((k) => k.certificatePem);
            return { signing: live('saml-sig'), encryption: live('saml-enc') };
          },
          clock,
          sessionTtlSeconds: config.sessionTtlSeconds,
        }),
        testServiceSamlRoutes({
          publicUrl: config.publicUrl,
          serviceId: ATTRIBUTE_TEST_SAML_SERVICE,
          idpCertificates: () =>
            require()
              .keys.keys.filter((k) => k.use === 'saml-sig' && k.state !== 'retired')
              .map((k) => k.certificatePem),
          cacheProvider: () => createStoreCacheProvider(require().db, 'test-service-saml', 15 * 60_000),
          reports: () => require().reports,
          oidcEnabled: true,
        }),
        // Attribute test service over OIDC (issue 4 §6).
        testServiceOidcRoutes({
          publicUrl: config.publicUrl,
          serviceId: ATTRIBUTE_TEST_OIDC_SERVICE,
          clientId: ATTRIBUTE_TEST_OIDC_CLIENT,
          reports: () => require().reports,
        }),
      ],
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
    returnTarget: async (request, lang) => {
      const serviceId = readLastServiceId(request);
      return serviceId && services
        ? serviceReturnAddress(await services.registry.current(), serviceId, lang)
        : undefined;
    },
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
      const connectors = new Map<string, UpstreamConnector>([
        ['test-directory', createTestDirectoryConnector(clock)],
        [
          'wilma',
          createWilmaConnector({
            publicUrl: config.publicUrl,
            clock,
            replay: () => replay,
            nonceTtlSeconds: config.flowTtlSeconds,
          }),
        ],
        [
          'opinsys',
          createOpinsysConnector({
            publicUrl: config.publicUrl,
            clock,
            replay: () => replay,
            clockSkewSeconds: config.clockSkewSeconds,
          }),
        ],
        ['oidc', createOidcConnector({ publicUrl: config.publicUrl, clock })],
        [
          'entra',
          // Entra ID: SAML (src/upstream/entra) or OIDC by settings.login; the SAML side plugs in here.
          createEntraDispatcher({
            saml: createEntraSamlConnector({
              ...samlSp,
              graph: createGraphClientPool({ clock }),
              mappedAttributeNames: async (id) => {
                const entry = (await registry.current()).integrations.get(id);
                return Object.values(effectiveMapping('entra', entry?.integration.mapping));
              },
            }),
            oidc: createEntraOidcConnector({
              publicUrl: config.publicUrl,
              clock,
              graph: createGraphClientPool({ clock }),
            }),
          }),
        ],
      ]);
      connectors.set('adfs', createAdfsConnector(samlSp));
      connectors.set('google', createGoogleConnector(samlSp));
      connectors.set('saml', createSamlSpConnector('saml', samlSp));
      const sessions = createSessionStore(store.db, clock);
      const oidc = createOidcOp({
        publicUrl: config.publicUrl,
        trustProxy: config.trustProxy,
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
      stopSweeper = startSweeper(store.db, config.sweepIntervalSeconds * 1000, (e) =>
        log.warn({ err: e }, 'sweep failed'),
      );
      const reloadOrgdata = setInterval(() => {
        loadOrgdataLookup(orgdataStore)
          .then((fresh) => {
            orgdata = fresh;
          })
          .catch((e: unknown) => log.warn({ err: e }, 'organisation data reload failed'));
      }, 10 * 60_000);
      reloadOrgdata.unref();
      // issue 5 §5 "a schedule": the change feed since the last refresh, then a fresh in-memory lookup.
      const stopOrgdataSchedule =
        config.orgdataRefreshHours > 0
          ? scheduleOrgdataRefresh({
              intervalMs: config.orgdataRefreshHours * 3_600_000,
              run: async () => {
                const summary = await refreshOrgdata(orgdataStore, {
                  client: createOrganisationServiceClient({
                    callerId: config.orgdataCallerId,
                    baseUrl: config.orgdataServiceUrl,
                  }),
                  rootOids: config.orgdataRootOids ? config.orgdataRootOids.split(',') : undefined,
                });
                orgdata = await loadOrgdataLookup(orgdataStore);
                log.info({ orgdata: summary }, 'organisation data refreshed');
              },
              onError: (e) =>
                log.warn({ err: e }, 'organisation data refresh failed; keeping the last good data'),
            })
          : () => {};
      const stopOrgdataReload = () => {
        clearInterval(reloadOrgdata);
        stopOrgdataSchedule();
        void stopListening();
      };
      const stopMetadataRefresh = scheduleIdpMetadataRefresh({
        store: upstreamMetadata,
        integrations: () => activeIntegrations(registry),
        intervalMs: 5 * 60_000,
        onFailures: (failures) =>
          log.warn({ failures }, 'school IdP metadata refresh failed; keeping the last good copy'),
      });
      const previousStop = stopSweeper;
      stopSweeper = () => {
        previousStop();
        stopOrgdataReload();
        stopMetadataRefresh();
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
