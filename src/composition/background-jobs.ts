import type { FastifyBaseLogger } from 'fastify';
import type { PassiConfig } from '../config/config-schema.ts';
import type { UpstreamIntegration } from '../core/flow/ports.ts';
import { logIntegrationWarnings } from '../ops/log-integration-warnings.ts';
import { startSweeper } from '../ops/sweeper.ts';
import { createOrganisationServiceClient } from '../orgdata/organisation-service-client.ts';
import type { OrgdataLookup } from '../orgdata/orgdata-lookup.ts';
import { loadOrgdataLookup } from '../orgdata/orgdata-repository.ts';
import type { OrgdataStore } from '../orgdata/orgdata-store.ts';
import { refreshOrgdata } from '../orgdata/refresh-orgdata.ts';
import { scheduleOrgdataRefresh } from '../orgdata/schedule-orgdata-refresh.ts';
import type { IntegrationEntry } from '../registry/registry-snapshot.ts';
import type { Db } from '../store/database.ts';
import { scheduleIdpMetadataRefresh } from '../upstream/saml/idp-metadata-schedule.ts';
import type { IdpMetadataStore } from '../upstream/saml/idp-metadata-store.ts';

/** How often each node reloads its in-memory organisation data (another node may have refreshed it). */
const ORGDATA_RELOAD_MS = 10 * 60_000;
const IDP_METADATA_REFRESH_MS = 5 * 60_000;
/** Expiry warnings: first after the first metadata refreshes had time to run, then daily. */
const EXPIRY_CHECK_FIRST_MS = 10 * 60_000;
const EXPIRY_CHECK_MS = 24 * 3_600_000;

/**
 * The node's timers: the expiry sweeper, organisation-data reload and optional refresh schedule
 * (docs/operations.md "Organisation data"), and school IdP metadata refresh. Returns one stop function for shutdown.
 */
export function startBackgroundJobs(input: {
  config: PassiConfig;
  db: Db;
  log: FastifyBaseLogger;
  orgdataStore: OrgdataStore;
  setOrgdata: (lookup: OrgdataLookup) => void;
  upstreamMetadata: IdpMetadataStore;
  activeIntegrations: () => Promise<UpstreamIntegration[]>;
  /** Every integration of the registry with its stored secrets (for the daily warnings). */
  integrations: () => Promise<IntegrationEntry[]>;
  /** Registry changes: new or changed SAML integrations get their metadata at once. */
  onRegistryChange?: (listener: () => void) => void;
}): () => void {
  const { config, log, orgdataStore } = input;
  const stopSweeper = startSweeper(
    input.db,
    config.sweepIntervalSeconds * 1000,
    { loginReportRetentionDays: config.loginReportRetentionDays },
    (e) => log.warn({ err: e }, 'sweep failed'),
  );
  const reloadOrgdata = setInterval(() => {
    loadOrgdataLookup(orgdataStore)
      .then(input.setOrgdata)
      .catch((e: unknown) => log.warn({ err: e }, 'organisation data reload failed'));
  }, ORGDATA_RELOAD_MS);
  reloadOrgdata.unref();
  // A refresh schedule (docs/operations.md "Organisation data"): the change feed since the last refresh, then a fresh in-memory lookup.
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
            input.setOrgdata(await loadOrgdataLookup(orgdataStore));
            log.info({ orgdata: summary }, 'organisation data refreshed');
          },
          onError: (e) =>
            log.warn({ err: e }, 'organisation data refresh failed; keeping the last good data'),
        })
      : () => {};
  const stopMetadataRefresh = scheduleIdpMetadataRefresh({
    store: input.upstreamMetadata,
    integrations: input.activeIntegrations,
    intervalMs: IDP_METADATA_REFRESH_MS,
    onRegistryChange: input.onRegistryChange,
    onFailures: (failures) =>
      log.warn({ failures }, 'school IdP metadata refresh failed; keeping the last good copy'),
  });
  // One log line per warning, daily (log-integration-warnings.ts).
  const checkExpiry = () => {
    input
      .integrations()
      .then((integrations) =>
        logIntegrationWarnings({
          publicUrl: config.publicUrl,
          now: new Date(),
          integrations,
          metadataStatus: (id) => input.upstreamMetadata.status(id),
          log,
        }),
      )
      .catch((e: unknown) => log.warn({ err: e }, 'integration expiry check failed'));
  };
  const firstExpiryCheck = setTimeout(checkExpiry, EXPIRY_CHECK_FIRST_MS);
  firstExpiryCheck.unref();
  const expiryChecks = setInterval(checkExpiry, EXPIRY_CHECK_MS);
  expiryChecks.unref();
  return () => {
    clearTimeout(firstExpiryCheck);
    clearInterval(expiryChecks);
    stopSweeper();
    clearInterval(reloadOrgdata);
    stopOrgdataSchedule();
    stopMetadataRefresh();
  };
}
