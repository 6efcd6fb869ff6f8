import type { PassiConfig } from '../config/config-schema.ts';
import type { Clock } from '../core/clock.ts';
import type { UpstreamConnector } from '../core/flow/ports.ts';
import type { FetchLike } from '../outbound/outbound-fetch.ts';
import type { RegistryCache } from '../registry/registry-snapshot.ts';
import type { ReplayCache } from '../store/state/replay-cache.ts';
import type { ConnectorDeps } from '../upstream/connector-module.ts';
import { createGraphClientPool } from '../upstream/entra-graph/graph-client-pool.ts';
import { CONNECTOR_MODULES, INTEGRATION_TYPES } from '../upstream/index.ts';
import type { SamlSpDeps } from '../upstream/saml/saml-sp-connector.ts';

/**
 * Every upstream connector by integration type, built by the composition root from the one table
 * (src/upstream/index.ts): each module's factory gets the same deps and picks what it needs.
 */
export function buildConnectors(input: {
  config: PassiConfig;
  clock: Clock;
  replay: ReplayCache;
  registry: RegistryCache;
  samlSp: SamlSpDeps;
  /** Tests only (AppOptions.upstreamFetch). */
  upstreamFetch?: FetchLike | undefined;
}): Map<string, UpstreamConnector> {
  const { config, clock, replay, registry, samlSp, upstreamFetch } = input;
  const deps: ConnectorDeps = {
    config,
    clock,
    replay: () => replay,
    mappingOverride: async (id) => (await registry.current()).integrations.get(id)?.integration.mapping ?? {},
    samlSp,
    // Entra over SAML and over OIDC share one Graph client pool (one token cache per base URL pair).
    graph: createGraphClientPool({ clock }),
    ...(upstreamFetch ? { upstreamFetch } : {}),
  };
  return new Map<string, UpstreamConnector>(
    INTEGRATION_TYPES.map((type) => [type, CONNECTOR_MODULES[type].create(deps)]),
  );
}
