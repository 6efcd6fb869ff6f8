import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { RegistryCache, ServiceEntry } from '../../registry/registry-snapshot.ts';
import type { OidcService } from '../../registry/service-schema.ts';

/** Auth methods whose client authenticates with the shared secret (RFC 6749 §2.3.1). */
const SECRET_METHODS = new Set(['client_secret_basic', 'client_secret_post']);

/**
 * Client metadata (RFC 7591 §2 names) of a registered OIDC service, or undefined when the service is
 * unknown, inactive, or lacks the secret its auth method needs. Only the code flow is offered
 * (RFC 9700 §2.1.2: no implicit; §2.4: no password grant); redirect URIs are matched exactly by
 * oidc-provider (9.11.4 "compare registered redirects exactly"; RFC 9700 §4.1.3).
 */
export function clientMetadata(entry: ServiceEntry | undefined): AdapterPayload | undefined {
  if (entry?.service.protocol !== 'oidc' || entry.service.status !== 'active') return undefined;
  const service: OidcService = entry.service;
  const oidc = service.oidc;
  const secret = entry.secrets.clientSecret;
  if (SECRET_METHODS.has(oidc.tokenEndpointAuthMethod) && !secret) return undefined;
  if (oidc.tokenEndpointAuthMethod === 'private_key_jwt' && !oidc.jwks) return undefined;
  return {
    client_id: oidc.clientId,
    ...(SECRET_METHODS.has(oidc.tokenEndpointAuthMethod) ? { client_secret: secret } : {}),
    client_name: service.name.fi ?? service.name.en ?? service.name.sv ?? service.id,
    redirect_uris: [...oidc.redirectUris],
    post_logout_redirect_uris: [...oidc.postLogoutRedirectUris],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: oidc.tokenEndpointAuthMethod,
    ...(oidc.jwks ? { jwks: { keys: oidc.jwks.keys.map((k) => ({ ...k })) } } : {}),
    subject_type: oidc.subjectType,
    id_token_signed_response_alg: oidc.idTokenSignedResponseAlg,
  };
}

/** The registry service behind a client id (for the interaction and pairwise `sub`). */
export async function serviceForClient(
  registry: RegistryCache,
  clientId: string,
): Promise<OidcService | undefined> {
  const entry = (await registry.current()).servicesByClientId.get(clientId);
  return entry?.service.protocol === 'oidc' && entry.service.status === 'active' ? entry.service : undefined;
}

/**
 * oidc-provider's `Client` model read from the registry cache (no dynamic registration). The cache checks
 * the registry version on every call, so a change applies to the next request on every node; oidc-provider
 * keys its parsed clients by a hash of the metadata, so changed metadata is parsed afresh.
 */
export function createRegistryClientAdapter(registry: RegistryCache): Adapter {
  const readOnly = async (): Promise<never> => {
    throw new Error('OIDC clients come from the registry; they are not written through oidc-provider');
  };
  return {
    async find(id) {
      return clientMetadata((await registry.current()).servicesByClientId.get(id));
    },
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    upsert: readOnly,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: async () => {},
  };
}
