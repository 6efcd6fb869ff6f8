import { z } from 'zod';
import { createOutboundClient, type FetchLike } from '../../../outbound/outbound-fetch.ts';
import { OUTBOUND_LIMITS } from '../../../outbound/outbound-limits.ts';
import { type IntegrationIssue, issue } from './integration-issues.ts';

const discoveryDocumentSchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string().optional(),
  jwks_uri: z.string(),
});

/**
 * Fetches the OpenID provider's discovery document now (OpenID Connect Discovery 1.0 §4): the address
 * is `<issuer>/.well-known/openid-configuration`, and its `issuer` must equal the configured one exactly
 * (§4.3), or every ID token would be refused at login.
 */
export async function checkOidcDiscovery(
  deps: { fetch?: FetchLike },
  issuer: string,
  path: string,
  options: { httpsOnly: boolean },
): Promise<IntegrationIssue | undefined> {
  const outbound = createOutboundClient({
    peer: 'the OpenID provider',
    limits: OUTBOUND_LIMITS.idpMetadata,
    httpsOnly: options.httpsOnly,
    fetch: deps.fetch,
  });
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let body: unknown;
  try {
    body = await outbound.json(url, { headers: { accept: 'application/json' } });
  } catch (e) {
    return issue(path, 'discovery-unreachable', e instanceof Error ? e.message : String(e), url);
  }
  const parsed = discoveryDocumentSchema.safeParse(body);
  if (!parsed.success)
    return issue(
      path,
      'discovery-invalid',
      'the discovery document lacks issuer, authorization_endpoint or jwks_uri',
      url,
    );
  if (parsed.data.issuer !== issuer)
    return issue(
      path,
      'issuer-mismatch',
      `the provider calls itself ${parsed.data.issuer}`,
      parsed.data.issuer,
    );
  return undefined;
}
