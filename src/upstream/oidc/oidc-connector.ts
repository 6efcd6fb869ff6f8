import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import type { UpstreamConnector, UpstreamIntegration } from '../../core/flow/ports.ts';
import type { UpstreamIdentity } from '../../core/upstream-identity.ts';
import { claimsToAttributes, createOidcRp, type OidcResult, type OidcTarget } from './oidc-rp.ts';

export type OidcRp = ReturnType<typeof createOidcRp>;

/** The redirect URI of one OIDC integration: distinct per integration (RFC 9700 §4.4 mix-up defence). */
export function oidcCallbackPath(flowName: string): string {
  return `/upstream/oidc/${encodeURIComponent(flowName)}/callback`;
}

export function oidcCallbackUrl(publicUrl: string, flowName: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${oidcCallbackPath(flowName)}`;
}

const settingsSchema = z.object({
  issuer: z.string().min(1),
  clientId: z.string().min(1),
  scopes: z.array(z.string()).optional(),
  userinfo: z.boolean().optional(),
});

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
}): UpstreamConnector {
  const rp = deps.rp ?? createOidcRp({ clockSkewSeconds: deps.clockSkewSeconds });
  const target = (integration: UpstreamIntegration): OidcTarget => {
    const s = settingsSchema.safeParse(integration.settings);
    if (!s.success) {
      throw new PassiError(
        ErrorCodes.CONFIG_INVALID,
        `OIDC settings are invalid (integration ${integration.id})`,
        {
          status: 500,
        },
      );
    }
    return {
      key: `oidc:${integration.id}`,
      issuer: s.data.issuer,
      clientId: s.data.clientId,
      clientSecret: integration.secrets.clientSecret,
      redirectUri: oidcCallbackUrl(deps.publicUrl, integration.flowName),
      scopes: s.data.scopes ?? ['profile', 'email'],
      userinfo: s.data.userinfo ?? true,
    };
  };
  return {
    type: 'oidc',
    async start({ flow, integration }) {
      const started = await rp.start(target(integration), flow.request.forceAuthn);
      return { action: { kind: 'redirect', location: started.location }, upstream: started.upstream };
    },
    async finish({ flow, integration, http }) {
      const result = await rp.finish(target(integration), flow.upstream, http.rawQuery);
      return oidcIdentity(integration, result, deps.clock);
    },
  };
}
