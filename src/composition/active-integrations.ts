import type { UpstreamIntegration } from '../core/flow/ports.ts';
import { toUpstreamIntegration } from '../registry/registry-directory.ts';
import type { RegistryCache } from '../registry/registry-snapshot.ts';

/** The registry's active integrations, as the connectors and the discovery page see them. */
export async function activeIntegrations(registry: RegistryCache): Promise<UpstreamIntegration[]> {
  return [...(await registry.current()).integrations.values()]
    .filter((e) => e.integration.status === 'active')
    .map(toUpstreamIntegration);
}
