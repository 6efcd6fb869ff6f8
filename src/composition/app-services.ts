import type { PassiConfig } from '../config/config-schema.ts';
import type { Clock } from '../core/clock.ts';
import type { LoginFlow } from '../core/flow/login-flow.ts';
import type { IntegrationDirectory } from '../core/flow/ports.ts';
import type { OidcOp } from '../downstream/oidc-op/create-oidc-op.ts';
import type { KeySet } from '../keys/key-store.ts';
import type { LoginDailyBuffer } from '../ops/statistics/login-daily-buffer.ts';
import type { OrgdataLookup } from '../orgdata/orgdata-lookup.ts';
import type { SigningCredential } from '../protocols/saml/signing-credential.ts';
import type { RegistryRepository } from '../registry/registry-repository.ts';
import type { RegistryCache } from '../registry/registry-snapshot.ts';
import type { Db } from '../store/database.ts';
import type { Store } from '../store/open-store.ts';
import type { SecretBox } from '../store/secret-box.ts';
import type { LoginReportStore } from '../store/state/login-report-store.ts';
import type { ReplayCache } from '../store/state/replay-cache.ts';
import type { SharedRateCounters } from '../store/state/shared-rate-counters.ts';
import type { NamedWritesBehind } from '../store/state/writes-behind.ts';
import type { IdpMetadataStore } from '../upstream/saml/idp-metadata-store.ts';

/** Everything a request handler may use once Passi is ready. Built only here. */
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
  /** Daily login counts not yet written (written every second, and before the store closes). */
  dailyCounts: LoginDailyBuffer;
  /**
   * State decided in memory and written to the store behind (embedded store only: single-use ids,
   * oidc-provider's rows); empty on PostgreSQL.
   */
  writesBehind: NamedWritesBehind[];
  samlCredential: SigningCredential;
  /** Organisation data for the login path (in memory; reloaded after refreshes). */
  orgdata: () => OrgdataLookup;
  /** Keys derived from the secret key for pairwise identifiers. */
  pairwiseSecret: Buffer;
  /** The HMAC key of the weekly summary's unsubscribe links (docs/operations.md "Weekly summary"). */
  unsubscribeSecret: Buffer;
  /** The OpenID Provider face. */
  oidc: OidcOp;
  /** School IdPs' SAML metadata: last good copies, refresh, expiry status. */
  upstreamMetadata: IdpMetadataStore;
  /** Request counters behind the rate limits, shared with the other nodes (operations.md "Rate limits"). */
  rateCounters: SharedRateCounters;
  /** Entries of the login state kept in memory on the embedded store; absent when it is in the store. */
  memoryState?: MemoryStateSize;
}

/** How many logins in progress and single-use ids this node holds in memory (docs/performance.md). */
export interface MemoryStateSize {
  flows(): number;
  /** The school answers' ids, bound to a flow (memory-replay-cache.ts). */
  replayKeys(): number;
  /** The other single-use ids, also written to the store (write-behind-replay-cache.ts). */
  storedReplayKeys(): number;
  /** oidc-provider's interactions and authorization codes (memory-oidc-artifacts.ts). */
  oidcArtifacts(): { Interaction: number; AuthorizationCode: number };
  /** Rows of the other oidc-provider models held as a copy (oidc-artifact-cache.ts). */
  oidcCachedRows(): number;
  /** Rows written behind the logins and still waiting for the store (writes-behind.ts). */
  rowsWaiting(): { login: number; oidc: number };
}

/** Registry id of the attribute test service's SAML registration (demo/registry.yaml). */
export const ATTRIBUTE_TEST_SAML_SERVICE = 'attribute-test-saml';
/** Registry id and client id of the attribute test service's OIDC registration (demo/registry.yaml). */
export const ATTRIBUTE_TEST_OIDC_SERVICE = 'attribute-test-oidc';
export const ATTRIBUTE_TEST_OIDC_CLIENT = 'passi-attribute-test';
