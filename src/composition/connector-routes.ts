import type { FastifyPluginAsync } from 'fastify';
import type { UpstreamIntegration } from '../core/flow/ports.ts';
import { type FlowReturnDeps, flowReturnRoute } from '../http/flow-return-route.ts';
import type { ConnectorModule, ReturnRoute } from '../upstream/connector-module.ts';
import { CONNECTOR_MODULES, INTEGRATION_TYPES, type IntegrationType } from '../upstream/index.ts';

/**
 * The connectors' return routes from the one table (src/upstream/index.ts): one route per declared
 * method and paths, serving every integration whose module lists it (the SAML ACS serves ADFS, Google,
 * SAML and Entra over SAML; the OIDC callback serves OIDC and Entra over OIDC).
 */
export function connectorReturnRoutes(deps: FlowReturnDeps): FastifyPluginAsync[] {
  const routes = new Map<string, { route: ReturnRoute; servers: ((i: UpstreamIntegration) => boolean)[] }>();
  for (const type of INTEGRATION_TYPES) {
    const module: ConnectorModule<IntegrationType> = CONNECTOR_MODULES[type];
    for (const { route, serves } of module.returnRoutes) {
      if (route.ownPage) continue;
      const key = `${route.method} ${route.paths.join(' ')}`;
      const entry = routes.get(key) ?? { route, servers: [] };
      entry.servers.push(
        (integration) => integration.type === type && (serves?.(integration.settings) ?? true),
      );
      routes.set(key, entry);
    }
  }
  return [...routes.values()].map(({ route, servers }) =>
    flowReturnRoute(
      {
        method: route.method,
        paths: route.paths,
        protocolBody: route.protocolBody,
        perIntegrationEndpoint: route.perIntegrationEndpoint,
        serves: (integration) => servers.some((s) => s(integration)),
      },
      deps,
    ),
  );
}
