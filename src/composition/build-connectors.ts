import type { PassiConfig } from '../config/config-schema.ts';
import type { Clock } from '../core/clock.ts';
import type { UpstreamConnector } from '../core/flow/ports.ts';
import { defaultMapping, INTERNAL_NAMES } from '../model/attribute-mapping.ts';
import type { RegistryCache } from '../registry/registry-snapshot.ts';
import type { ReplayCache } from '../store/state/replay-cache.ts';
import { createAdfsConnector } from '../upstream/adfs/adfs-connector.ts';
import { createEntraSamlConnector } from '../upstream/entra/entra-saml-connector.ts';
import { createGraphClientPool } from '../upstream/entra-graph/graph-client-pool.ts';
import { graphSelectNames } from '../upstream/entra-graph/graph-select.ts';
import { createEntraDispatcher } from '../upstream/entra-oidc/entra-dispatcher.ts';
import { createEntraOidcConnector } from '../upstream/entra-oidc/entra-oidc-connector.ts';
import { createGoogleConnector } from '../upstream/google/google-connector.ts';
import { createOidcConnector } from '../upstream/oidc/oidc-connector.ts';
import { createOpinsysConnector } from '../upstream/opinsys/opinsys-connector.ts';
import { createSamlSpConnector, type SamlSpDeps } from '../upstream/saml/saml-sp-connector.ts';
import { createTestDirectoryConnector } from '../upstream/test-directory/test-directory-connector.ts';
import { createWilmaConnector } from '../upstream/wilma/wilma-connector.ts';

/**
 * Every upstream connector by integration type, built by the composition root. Entra ID picks
 * SAML or OIDC by the integration's `settings.login`; both share one Graph client pool.
 */
export function buildConnectors(input: {
  config: PassiConfig;
  clock: Clock;
  replay: ReplayCache;
  registry: RegistryCache;
  samlSp: SamlSpDeps;
}): Map<string, UpstreamConnector> {
  const { config, clock, replay, registry, samlSp } = input;
  const graph = createGraphClientPool({ clock });
  return new Map<string, UpstreamConnector>([
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
    [
      'oidc',
      createOidcConnector({ publicUrl: config.publicUrl, clock, clockSkewSeconds: config.clockSkewSeconds }),
    ],
    [
      'entra',
      createEntraDispatcher({
        saml: createEntraSamlConnector({
          ...samlSp,
          graph,
          mappedAttributeNames: async (id) => {
            const override = (await registry.current()).integrations.get(id)?.integration.mapping ?? {};
            const defaults = defaultMapping('entra');
            return graphSelectNames({
              configured: INTERNAL_NAMES.flatMap((n) => override[n] ?? []),
              defaults: INTERNAL_NAMES.filter((n) => override[n] === undefined).map((n) => defaults[n]),
            });
          },
        }),
        oidc: createEntraOidcConnector({
          publicUrl: config.publicUrl,
          clock,
          graph,
          clockSkewSeconds: config.clockSkewSeconds,
        }),
      }),
    ],
    ['adfs', createAdfsConnector(samlSp)],
    ['google', createGoogleConnector(samlSp)],
    ['saml', createSamlSpConnector('saml', samlSp)],
  ]);
}
