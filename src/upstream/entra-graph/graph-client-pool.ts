import { createGraphClient, type GraphClient, type GraphClientOptions } from './graph-client.ts';

/**
 * One Graph client (and so one token cache) per pair of base URLs: production uses Microsoft's; an
 * integration in deploymentPhase test may point at a fake (settings `loginBaseUrl`/`graphBaseUrl`).
 */
export function createGraphClientPool(
  options: Omit<GraphClientOptions, 'loginBaseUrl' | 'graphBaseUrl'> = {},
): (graphBaseUrl: string | undefined, loginBaseUrl: string | undefined) => GraphClient {
  const clients = new Map<string, GraphClient>();
  return (graphBaseUrl, loginBaseUrl) => {
    const key = `${graphBaseUrl ?? ''}\n${loginBaseUrl ?? ''}`;
    let c = clients.get(key);
    if (!c) {
      c = createGraphClient({ ...options, graphBaseUrl, loginBaseUrl });
      clients.set(key, c);
    }
    return c;
  };
}
