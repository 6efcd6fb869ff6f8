import { hostHeaderFetch } from '../../outbound/host-header-fetch.ts';
import { createOutboundClient } from '../../outbound/outbound-fetch.ts';
import { OUTBOUND_LIMITS } from '../../outbound/outbound-limits.ts';

/**
 * GET with an explicit Host header. Puavo selects the organisation by Host (docs/integrations/opinsys.md:
 * `Host: <domain>` against api.opinsys.fi), so the transport is node:http(s) (host-header-fetch.ts) under
 * the outbound client's limits (docs/architecture.md "Outbound HTTP"): no answer within `timeoutMs`, a
 * body over the cap or a redirect raise coded upstream errors; any status is returned to the caller.
 */
export async function puavoGet(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number = OUTBOUND_LIMITS.opinsys.timeoutMs,
): Promise<{ status: number; body: string }> {
  const client = createOutboundClient({
    peer: 'the Opinsys API',
    limits: { ...OUTBOUND_LIMITS.opinsys, timeoutMs },
    fetch: hostHeaderFetch,
  });
  const response = await client.send(url, { headers });
  return { status: response.status, body: response.text() };
}
