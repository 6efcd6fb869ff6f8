import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { PassiConfig } from '../config/config-schema.ts';
import type { Clock } from '../core/clock.ts';
import { createLoginFlow } from '../core/flow/login-flow.ts';
import { createRandomPool } from '../core/random-pool.ts';
import { createOidcOp } from '../downstream/oidc-op/create-oidc-op.ts';
import { deriveOidcCookieKeys } from '../downstream/oidc-op/oidc-secrets.ts';
import { createSamlFace } from '../downstream/saml-idp/saml-face.ts';
import { samlIdpUrls } from '../downstream/saml-idp/saml-idp-urls.ts';
import type { KeySet } from '../keys/key-store.ts';
import { createLoginDailyBuffer } from '../ops/statistics/login-daily-buffer.ts';
import { createLoginDailyRepository } from '../ops/statistics/login-daily-repository.ts';
import type { OrgdataLookup } from '../orgdata/orgdata-lookup.ts';
import { createOrgdataRepository, loadOrgdataLookup } from '../orgdata/orgdata-repository.ts';
import type { OrgdataStore } from '../orgdata/orgdata-store.ts';
import type { FetchLike } from '../outbound/outbound-fetch.ts';
import { loadSigningCredential } from '../protocols/saml/signing-credential.ts';
import { createRegistryDirectory } from '../registry/registry-directory.ts';
import { createRegistryIdentityResolver } from '../registry/registry-identity-resolver.ts';
import { REGISTRY_CHANNEL, type RegistryRepository } from '../registry/registry-repository.ts';
import { createRegistryCache } from '../registry/registry-snapshot.ts';
import { loadAcceptedAgreements } from '../registry/service-agreements.ts';
import type { Store } from '../store/open-store.ts';
import type { SecretBox } from '../store/secret-box.ts';
import { createFlowStore } from '../store/state/flow-store.ts';
import { createLoginReportStore } from '../store/state/login-report-store.ts';
import { createLoginRowsWriteBehind } from '../store/state/login-rows-write-behind.ts';
import { createMemoryFlowStore } from '../store/state/memory-flow-store.ts';
import { createMemoryOidcArtifacts } from '../store/state/memory-oidc-artifacts.ts';
import { createMemoryReplayCache, routeReplayClaims } from '../store/state/memory-replay-cache.ts';
import { createOidcArtifactMemory } from '../store/state/oidc-adapter.ts';
import { createReplayCache } from '../store/state/replay-cache.ts';
import { createSessionStore } from '../store/state/session-store.ts';
import type { SharedRateCounters } from '../store/state/shared-rate-counters.ts';
import { createWriteBehindReplayCache, loadReplayIds } from '../store/state/write-behind-replay-cache.ts';
import { createIdpMetadataStore, UPSTREAM_METADATA_CHANNEL } from '../upstream/saml/idp-metadata-store.ts';
import type { SamlSpDeps } from '../upstream/saml/saml-sp-connector.ts';
import { spUrls } from '../upstream/saml/sp-urls.ts';
import { SAML_SP_REPLAY_NAMESPACES } from '../upstream/saml/verify-saml-response.ts';
import {
  type AppServices,
  ATTRIBUTE_TEST_OIDC_SERVICE,
  ATTRIBUTE_TEST_SAML_SERVICE,
} from './app-services.ts';
import { buildConnectors } from './build-connectors.ts';
import { loginEventSubscribers } from './login-event-subscribers.ts';
import type { OpsMetrics } from './ops-metrics.ts';

const BUILT_IN_SERVICES = new Set([ATTRIBUTE_TEST_SAML_SERVICE, ATTRIBUTE_TEST_OIDC_SERVICE]);

export interface BuiltServices {
  services: AppServices;
  /** The node's organisation data store, for the reload and refresh jobs. */
  orgdataStore: OrgdataStore;
  /** Replaces the in-memory organisation data the login path reads. */
  setOrgdata: (lookup: OrgdataLookup) => void;
  /** Stops listening for registry changes from other nodes. */
  stopListening: () => Promise<void>;
}

/**
 * Everything a request handler uses, built on a prepared store: the registry cache (following other nodes'
 * changes), organisation data, the connectors, both downstream faces and the login flow between them.
 */
export async function buildServices(input: {
  config: PassiConfig;
  clock: Clock;
  log: FastifyBaseLogger;
  /** The secret key (PASSI_SECRET_KEY); per-purpose secrets are derived from it. */
  key: Buffer;
  box: SecretBox;
  store: Store;
  keys: KeySet;
  repo: RegistryRepository;
  rateCounters: SharedRateCounters;
  /** The operators' metrics the login events feed (ops-metrics.ts). */
  metrics: OpsMetrics;
  /** Tests only (AppOptions.upstreamFetch). */
  upstreamFetch?: FetchLike | undefined;
}): Promise<BuiltServices> {
  const { config, clock, log, key, store, keys } = input;
  const registry = createRegistryCache(input.repo, {
    recheckMs: config.registryRecheckMs,
    agreements: () => loadAcceptedAgreements(store.db),
  });
  const stopListening = await store.listen(REGISTRY_CHANNEL, registry.invalidate, registry.setListening);
  await registry.current();
  const orgdataStore = createOrgdataRepository(store.db);
  let orgdata = await loadOrgdataLookup(orgdataStore);
  const directory = createRegistryDirectory(registry);
  // The embedded store serves exactly one node: logins in progress stay in its memory (docs/performance.md
  // "Short-lived state in memory"); what must survive a restart stays in the store.
  const shortLivedInMemory = store.kind === 'embedded' && config.shortLivedState === 'auto';
  const storeReplay = createReplayCache(store.db);
  const memoryReplay = shortLivedInMemory ? createMemoryReplayCache(clock) : undefined;
  const memoryFlows = shortLivedInMemory ? createMemoryFlowStore(clock) : undefined;
  const memoryOidc = shortLivedInMemory ? createMemoryOidcArtifacts(clock) : undefined;
  // This process is the embedded store's only writer, so a copy of its OIDC rows here cannot go stale;
  // the rows a login writes are written to the store behind it (oidc-artifact-write-behind.ts).
  const oidcRows = shortLivedInMemory ? createOidcArtifactMemory(store.db, clock) : undefined;
  // The other single-use ids are decided in memory too and written behind to the store, from which a
  // restart reloads them (write-behind-replay-cache.ts).
  const memoryStoredReplay = shortLivedInMemory ? createMemoryReplayCache(clock) : undefined;
  if (memoryStoredReplay) await loadReplayIds(store.db, memoryStoredReplay, clock.now());
  const replayWrites = memoryStoredReplay
    ? createWriteBehindReplayCache(memoryStoredReplay, store.db)
    : undefined;
  const replay =
    memoryReplay && replayWrites
      ? routeReplayClaims(memoryReplay, replayWrites, new Set(Object.values(SAML_SP_REPLAY_NAMESPACES)))
      : storeReplay;
  const upstreamMetadata = createIdpMetadataStore({ db: store.db, clock, log });
  const stopMetadataListening = await store.listen(
    UPSTREAM_METADATA_CHANNEL,
    upstreamMetadata.invalidate,
    upstreamMetadata.setListening,
  );
  const samlSp: SamlSpDeps = {
    urls: spUrls(config.publicUrl),
    metadata: () => upstreamMetadata,
    keys: () => keys,
    replay: () => replay,
    clock,
    clockSkewSeconds: config.clockSkewSeconds,
    flowTtlSeconds: config.flowTtlSeconds,
  };
  // Raw attributes are kept, under a handle released with the login, only for the built-in
  // attribute test service (docs/attribute-test-service.md).
  const builtIn = (serviceId: string) => BUILT_IN_SERVICES.has(serviceId);
  // A finished login's report and SSO session are written behind it on the embedded store
  // (login-rows-write-behind.ts).
  const loginRows = shortLivedInMemory
    ? createLoginRowsWriteBehind(store.db, clock, (e) =>
        log.error({ err: e }, 'a login report or SSO session was refused by the store and dropped'),
      )
    : undefined;
  const reports = createLoginReportStore(store.db, clock, async (serviceId) => builtIn(serviceId), loginRows);
  const pairwiseSecret = createHmac('sha256', key).update('passi:pairwise-subject:v1').digest();
  const sessionIndexSecret = createHmac('sha256', key).update('passi:saml-session-index:v1').digest();
  const samlCredential = loadSigningCredential(
    keys.samlSigning.privateKeyPem,
    keys.samlSigning.certificatePem,
  );
  const connectors = buildConnectors({
    config,
    clock,
    replay,
    registry,
    samlSp,
    upstreamFetch: input.upstreamFetch,
  });
  const sessions = createSessionStore(store.db, clock, loginRows);
  // Daily counts are gathered in memory and written once a second (login-daily-buffer.ts).
  const dailyCounts = createLoginDailyBuffer(createLoginDailyRepository(store.db));
  const oidc = createOidcOp({
    publicUrl: config.publicUrl,
    // Koa knows only "trust the proxy or not"; which hops are trusted decides the client address, which
    // Fastify reads (operations.md "Behind a reverse proxy").
    trustProxy: config.trustProxy !== false,
    flowTtlSeconds: config.flowTtlSeconds,
    sessionTtlSeconds: config.sessionTtlSeconds,
    db: store.db,
    ...(memoryOidc ? { memoryArtifacts: memoryOidc } : {}),
    ...(oidcRows ? { artifactMemory: oidcRows } : {}),
    clock,
    registry,
    keys,
    secrets: { pairwiseSecret, cookieKeys: deriveOidcCookieKeys(key) },
    sessions,
    log,
  });
  // Flow ids and SSO session cookies: 256 random bits each, from one pool (random-pool.ts).
  const ids = createRandomPool();
  const flow = createLoginFlow({
    flows: memoryFlows ?? createFlowStore(store.db, clock),
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
        entityId: samlIdpUrls(config.publicUrl).entityId,
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
    newId: () => ids.base64url(32),
    newErrorId: randomUUID,
    events: loginEventSubscribers({ log, dailyCounts, metrics: input.metrics, reports }),
  });
  return {
    services: {
      config,
      clock,
      store,
      db: store.db,
      box: input.box,
      keys,
      repo: input.repo,
      registry,
      directory,
      flow,
      replay,
      reports,
      dailyCounts,
      writesBehind: [
        ...(replayWrites ? [{ what: 'used single-use ids', writes: replayWrites }] : []),
        ...(loginRows ? [{ what: 'login reports and SSO sessions', writes: loginRows }] : []),
        ...(oidcRows
          ? [{ what: 'OpenID Connect sessions, grants and tokens', writes: oidcRows.writes }]
          : []),
      ],
      samlCredential,
      orgdata: () => orgdata,
      pairwiseSecret,
      unsubscribeSecret: createHmac('sha256', key).update('passi:weekly-summary-unsubscribe:v1').digest(),
      oidc,
      upstreamMetadata,
      rateCounters: input.rateCounters,
      ...(memoryFlows && memoryReplay && memoryStoredReplay && memoryOidc && oidcRows && loginRows
        ? {
            memoryState: {
              flows: memoryFlows.size,
              replayKeys: memoryReplay.size,
              storedReplayKeys: memoryStoredReplay.size,
              oidcArtifacts: memoryOidc.sizes,
              oidcCachedRows: oidcRows.copy.size,
              rowsWaiting: () => ({ login: loginRows.pending(), oidc: oidcRows.writes.pending() }),
            },
          }
        : {}),
    },
    orgdataStore,
    setOrgdata: (fresh) => {
      orgdata = fresh;
    },
    stopListening: async () => {
      await Promise.all([stopListening(), stopMetadataListening()]);
    },
  };
}
