import type { FastifyBaseLogger } from 'fastify';
import { activeIntegrations } from './active-integrations.ts';
import type { AppServices } from './app-services.ts';
import { startBackgroundJobs } from './background-jobs.ts';
import type { BuiltServices } from './build-services.ts';

/**
 * Starts the node's timers once its services exist: the background jobs, and sharing the rate-limit counters
 * with the other nodes. Returns one stop function, which also stops following registry changes.
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
  return () => {
    stopJobs();
    stopRateSync();
    void stopListening();
  };
}
