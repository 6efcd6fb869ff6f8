import type { FastifyBaseLogger } from 'fastify';
import { startExpiryNotices } from '../ops/health/send-expiry-notices.ts';
import { LOGIN_DAILY_FLUSH_MS } from '../ops/statistics/login-daily-buffer.ts';
import {
  expiryNoticesEnabled,
  startWeeklySummary,
  weeklySummaryEnabled,
  weeklySummarySchedule,
} from '../ops/summary/schedule-weekly-summary.ts';
import { createMailer } from '../portal/mail/mailer.ts';
import { startEmbeddedStoreUpkeep, UPKEEP_DEFAULTS } from '../store/embedded-store-upkeep.ts';
import { WRITE_BEHIND_MS } from '../store/state/writes-behind.ts';
import { activeIntegrations } from './active-integrations.ts';
import type { AppServices } from './app-services.ts';
import { startBackgroundJobs } from './background-jobs.ts';
import type { BuiltServices } from './build-services.ts';

/**
 * Starts the node's timers once its services exist: the background jobs, the weekly summary, sharing
 * the rate-limit counters with the other nodes, writing the daily login counts and the used single-use
 * ids, and the embedded store's upkeep (vacuum and checkpoint). Returns one stop function, which also
 * stops following registry changes.
 */
export function startJobs(built: BuiltServices, log: FastifyBaseLogger): () => void {
  const { services, stopListening } = built;
  const { config, registry, rateCounters }: AppServices = services;
  const stopJobs = startBackgroundJobs({
    config,
    db: services.db,
    log,
    orgdataStore: built.orgdataStore,
    setOrgdata: built.setOrgdata,
    upstreamMetadata: services.upstreamMetadata,
    activeIntegrations: () => activeIntegrations(registry),
    integrations: async () => [...(await registry.current()).integrations.values()],
    onRegistryChange: registry.onChange,
  });
  const stopRateSync = rateCounters.start(config.rateLimitSyncMs, (e) =>
    log.warn({ err: e }, 'rate limit counters could not be shared; counting on this node only'),
  );
  const stopDailyCounts = services.dailyCounts.start(LOGIN_DAILY_FLUSH_MS, {
    failed: (e) =>
      log.warn({ err: e }, 'daily login counts could not be written; they wait for the next try'),
    dropped: (logins) =>
      log.error(
        { logins },
        'daily login counts: the store was unreachable for long and the counts waiting reached their bound; these logins were not counted',
      ),
  });
  const stopWritesBehind = services.writesBehind.map(({ what, writes }) =>
    writes.start(WRITE_BEHIND_MS, (e) =>
      log.warn({ err: e }, `${what} could not be written to the store; they wait for the next try`),
    ),
  );
  // PGlite's single-user PostgreSQL runs no autovacuum and no checkpointer: the embedded store does their
  // work itself where due (docs/operations.md "Upkeep of the embedded store"); PostgreSQL does it there.
  const stopUpkeep =
    services.store.kind === 'embedded'
      ? startEmbeddedStoreUpkeep(
          services.db,
          UPKEEP_DEFAULTS,
          ({ vacuumed, checkpointed }) => {
            if (vacuumed.length > 0) log.info({ vacuumed }, 'embedded store: tables vacuumed');
            if (checkpointed) log.info({ checkpointed }, 'embedded store: checkpoint');
            if (vacuumed.length === 0 && !checkpointed) log.debug('embedded store: no upkeep due');
          },
          (e) => log.warn({ err: e }, 'embedded store upkeep failed; the next check tries again'),
        )
      : () => {};
  // The weekly summary mail (docs/operations.md "Weekly summary"): every node runs it, claims keep it single.
  const stopSummary = weeklySummaryEnabled(config)
    ? startWeeklySummary(
        {
          db: services.db,
          mailer: createMailer(config, (line) => log.info(line)),
          publicUrl: config.publicUrl,
          unsubscribeSecret: services.unsubscribeSecret,
          registry: () => registry.current(),
          schedule: weeklySummarySchedule(config),
          log,
        },
        (e) => log.warn({ err: e }, 'weekly summary run failed; the next run retries'),
      )
    : () => {};
  // Expiry notices to technical contacts 30 and 7 days ahead (docs/portal.md "Needs attention"), switched
  // on and off apart from the summary (an operator may want one without the other); claims keep each single.
  const stopNotices = expiryNoticesEnabled(config)
    ? startExpiryNotices(
        {
          db: services.db,
          mailer: createMailer(config, (line) => log.info(line)),
          publicUrl: config.publicUrl,
          registry: () => registry.current(),
          metadataStatus: (id) => services.upstreamMetadata.status(id),
          log,
        },
        (e) => log.warn({ err: e }, 'expiry notice run failed; the next run retries'),
      )
    : () => {};
  return () => {
    stopNotices();
    stopSummary();
    stopJobs();
    stopRateSync();
    stopDailyCounts();
    for (const stop of stopWritesBehind) stop();
    stopUpkeep();
    void stopListening();
  };
}
