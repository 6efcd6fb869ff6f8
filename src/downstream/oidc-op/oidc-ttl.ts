/** Lifetimes of every oidc-provider artifact, in seconds (set each one: defaults are not relied on). */
export interface OidcTtl {
  AuthorizationCode: number;
  AccessToken: number;
  IdToken: number;
  Interaction: number;
  Session: number;
  Grant: number;
  RefreshToken: number;
  ClientCredentials: number;
  DeviceCode: number;
  BackchannelAuthenticationRequest: number;
  PreAuthorizedCode: number;
}

/**
 * Codes live 60 s (RFC 6749 §4.1.2 recommends ≤ 10 min; a code is redeemed at once), access and
 * ID tokens 10 min, an interaction as long as a login may take but at most 10 min (a longer
 * `PASSI_FLOW_TTL_SECONDS` does not lengthen it), the OP session as long as Passi's SSO
 * session (but long enough to finish the redirect back when SSO is off). Grants outlive the session by
 * an access token's life so tokens issued at its end still resolve.
 */
export function oidcTtl(input: { flowTtlSeconds: number; sessionTtlSeconds: number }): OidcTtl {
  const accessToken = 600;
  const maxInteraction = 600;
  const session = Math.max(input.sessionTtlSeconds, 120);
  return {
    AuthorizationCode: 60,
    AccessToken: accessToken,
    IdToken: accessToken,
    Interaction: Math.min(input.flowTtlSeconds, maxInteraction),
    Session: session,
    Grant: session + accessToken,
    // Not issued (refresh_token grant not offered); set so no default ever applies.
    RefreshToken: 3600,
    ClientCredentials: 600,
    DeviceCode: 600,
    BackchannelAuthenticationRequest: 600,
    PreAuthorizedCode: 60,
  };
}
