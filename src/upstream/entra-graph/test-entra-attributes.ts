import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure, fail } from '../../core/errors.ts';
import type { UpstreamIntegration } from '../../core/flow/ports.ts';
import type { GraphClient } from './graph-client.ts';

/**
 * The "attribute test" (https://wiki.eduuni.fi/display/OPHPALV/Azure+AD+-integraatio, MPASSid portal "Test attributes"): fetches a named user's
 * Graph properties with the school's own app registration, without a login, so school IT can check the
 * setup (permissions, secret, attribute names) before going live. `select` is the integration's mapped
 * attribute names (the caller reads them from the registry mapping); the settings' `graphAttributes` are
 * added. Returns exactly what Graph sent, normalised to string arrays.
 */
export async function testEntraAttributes(
  integration: UpstreamIntegration,
  userId: string,
  deps: {
    graph: (graphBaseUrl: string | undefined, loginBaseUrl: string | undefined) => GraphClient;
    select?: string[];
  },
): Promise<{ userId: string; select: string[]; attributes: Record<string, string[]> }> {
  const s = integration.settings;
  // The operator asked for the test on an integration it does not apply to (their request, not the school).
  if (integration.type !== 'entra' || typeof s.tenantId !== 'string' || typeof s.clientId !== 'string')
    fail(ErrorCodes.REQUEST_INVALID, 'the attribute test works for Entra ID integrations only');
  const clientSecret = integration.secrets.clientSecret;
  ensure(clientSecret, ErrorCodes.UPSTREAM_CONFIG_INVALID, 'the integration has no client secret');
  const configured = Array.isArray(s.graphAttributes)
    ? s.graphAttributes.filter((a) => typeof a === 'string')
    : [];
  const select = [...new Set(['id', ...(deps.select ?? []), ...configured])].filter((n) =>
    /^[A-Za-z][A-Za-z0-9_]{0,119}$/.test(n),
  );
  const attributes = await deps
    .graph(stringOrUndefined(s.graphBaseUrl), stringOrUndefined(s.loginBaseUrl))
    .fetchUser({ tenantId: s.tenantId, clientId: s.clientId, clientSecret, userId, select });
  return { userId, select, attributes };
}

function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
