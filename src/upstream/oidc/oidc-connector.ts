import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import type { UpstreamConnector, UpstreamIntegration } from '../../core/flow/ports.ts';
import type { UpstreamIdentity } from '../../core/upstream-identity.ts';
import { httpUrlSchema } from '../../registry/common-schemas.ts';
import { flowStateReader, settingsOf } from '../connector-module.ts';
import {
  claimsToAttributes,
  createOidcRp,
  type OidcFlowState,
  type OidcResult,
  type OidcTarget,
  oidcFlowStateSchema,
} from './oidc-rp.ts';

export type OidcRp = ReturnType<typeof createOidcRp>;

/** The redirect URI of one OIDC integration: distinct per integration (RFC 9700 §4.4 mix-up defence). */
export function oidcCallbackPath(flowName: string): string {
  return `/upstream/oidc/${encodeURIComponent(flowName)}/callback`;
}

export function oidcCallbackUrl(publicUrl: string, flowName: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${oidcCallbackPath(flowName)}`;
}

/** The registry's settings of a generic OIDC integration. */
export const oidcSettingsSchema = z
  .object({
    kind: z.literal('oidc'),
    /** Pinned issuer; http only in deploymentPhase test. Secret `clientSecret` (absent = public client). */
    issuer: httpUrlSchema,
    clientId: z.string().min(1).max(200),
    /** Expiry date of the client secret (`secrets.clientSecret`), for warnings before logins stop. */
    clientSecretValidUntil: z.iso.date().optional(),
    /** Scopes besides `openid` (default `profile email`). */
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/))
      .max(20)
      .optional(),
    /** Fetch the userinfo endpoint and merge its claims under the ID token's (default true). */
    userinfo: z.boolean().default(true),
  })
  .strict();

/** Raw attributes of an OIDC login: userinfo claims, overridden by the (signed) ID token's claims. */
export function oidcIdentity(
  integration: UpstreamIntegration,
  result: OidcResult,
  clock: Clock,
): UpstreamIdentity {
  const attributes = claimsToAttributes({ ...(result.userinfo ?? {}), ...result.idClaims });
  const authTime = result.idClaims.auth_time;
  const acr = result.idClaims.acr;
  return {
    integrationId: integration.id,
    flowName: integration.flowName,
    attributes,
    authnInstant:
      typeof authTime === 'number' ? new Date(authTime * 1000).toISOString() : clock.now().toISOString(),
    ...(typeof acr === 'string' && acr !== '' ? { upstreamAcr: acr } : {}),
  };
}

/** Generic OIDC school login: the school's issuer, client id and `clientSecret` secret. */
export function createOidcConnector(deps: {
  publicUrl: string;
  clock: Clock;
  rp?: OidcRp;
  /** PASSI_CLOCK_SKEW_SECONDS; the RP caps it at 2 minutes (OIDC Core 1.0 §3.1.3.7). */
  clockSkewSeconds?: number;
}): UpstreamConnector<OidcFlowState> {
  const rp = deps.rp ?? createOidcRp({ clockSkewSeconds: deps.clockSkewSeconds });
  const target = (integration: UpstreamIntegration): OidcTarget => {
    const s = settingsOf(oidcSettingsSchema, integration);
    return {
      key: `oidc:${integration.id}`,
      issuer: s.issuer,
      clientId: s.clientId,
      clientSecret: integration.secrets.clientSecret,
      redirectUri: oidcCallbackUrl(deps.publicUrl, integration.flowName),
      scopes: s.scopes ?? ['profile', 'email'],
      userinfo: s.userinfo,
    };
  };
  return {
    type: 'oidc',
    readState: flowStateReader(oidcFlowStateSchema, 'an OpenID Connect request'),
    async start({ flow, integration }) {
      const started = await rp.start(target(integration), flow.request.forceAuthn);
      return { action: { kind: 'redirect', location: started.location }, upstream: started.upstream };
    },
    async finish({ integration, http, state }) {
      const result = await rp.finish(target(integration), state, http.rawQuery);
      return oidcIdentity(integration, result, deps.clock);
    },
  };
}
