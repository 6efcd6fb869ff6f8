import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import type { UpstreamConnector, UpstreamIntegration } from '../../core/flow/ports.ts';
import type { GraphClient } from '../entra-graph/graph-client.ts';
import { oidcCallbackUrl, oidcIdentity } from '../oidc/oidc-connector.ts';
import { createOidcRp, type OidcTarget } from '../oidc/oidc-rp.ts';

const settingsSchema = z.object({
  tenantId: z.string().regex(/^[0-9a-f-]{36}$/i),
  clientId: z.string().min(1),
  graphAttributes: z.array(z.string()).optional(),
  loginBaseUrl: z.string().optional(),
  graphBaseUrl: z.string().optional(),
});

export type EntraSettings = z.infer<typeof settingsSchema>;

export function entraSettings(integration: UpstreamIntegration): EntraSettings {
  const s = settingsSchema.safeParse(integration.settings);
  if (!s.success) {
    throw new PassiError(
      ErrorCodes.CONFIG_INVALID,
      `Entra ID settings are invalid (integration ${integration.id})`,
      {
        status: 500,
      },
    );
  }
  return s.data;
}

/** The school's own tenant as the pinned issuer (docs/integrations/entra-oidc.md: never /common or /organizations). */
export function entraIssuer(settings: EntraSettings): string {
  const base = (settings.loginBaseUrl ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  return `${base}/${settings.tenantId.toLowerCase()}/v2.0`;
}

export interface EntraOidcDeps {
  publicUrl: string;
  clock: Clock;
  /** Graph client per base URL (tests point integrations at a fake Graph). */
  graph: (graphBaseUrl: string | undefined, loginBaseUrl: string | undefined) => GraphClient;
  /** PASSI_CLOCK_SKEW_SECONDS; the RP caps it at 2 minutes (OIDC Core 1.0 §3.1.3.7). */
  clockSkewSeconds?: number;
}

/**
 * Entra ID over OIDC: the generic RP with the tenant-specific issuer pinned and the `tid`
 * claim checked equal to the school's tenant, then optional Graph enrichment (`graphAttributes`) with the
 * school's app registration (client credentials). Raw attributes: the ID token / userinfo claims, `id` = the
 * `oid` claim (Graph's object id, the ENTRA mapping's username), then Graph properties by their names.
 */
export function createEntraOidcConnector(deps: EntraOidcDeps): UpstreamConnector {
  const rp = createOidcRp({ clockSkewSeconds: deps.clockSkewSeconds });
  const target = (integration: UpstreamIntegration, settings: EntraSettings): OidcTarget => ({
    key: `entra:${integration.id}`,
    issuer: entraIssuer(settings),
    clientId: settings.clientId,
    clientSecret: integration.secrets.clientSecret,
    redirectUri: oidcCallbackUrl(deps.publicUrl, integration.flowName),
    scopes: ['profile', 'email'],
    userinfo: false,
  });
  return {
    type: 'entra',
    async start({ flow, integration }) {
      const started = await rp.start(
        target(integration, entraSettings(integration)),
        flow.request.forceAuthn,
      );
      return { action: { kind: 'redirect', location: started.location }, upstream: started.upstream };
    },
    async finish({ flow, integration, http }) {
      const settings = entraSettings(integration);
      const result = await rp.finish(target(integration, settings), flow.upstream, http.rawQuery);
      const tid = result.idClaims.tid;
      if (typeof tid !== 'string' || tid.toLowerCase() !== settings.tenantId.toLowerCase()) {
        throw new PassiError(ErrorCodes.SIGNATURE_INVALID, 'the ID token is from another Entra ID tenant', {
          status: 400,
        });
      }
      const identity = oidcIdentity(integration, result, deps.clock);
      const oid = result.idClaims.oid;
      if (typeof oid === 'string' && oid !== '') identity.attributes.id = [oid];
      const select = settings.graphAttributes ?? [];
      if (select.length > 0) {
        const clientSecret = integration.secrets.clientSecret;
        if (!clientSecret || typeof oid !== 'string') {
          throw new PassiError(
            ErrorCodes.UPSTREAM_FAILED,
            'Graph attributes need the client secret and the oid claim',
            {
              status: 502,
            },
          );
        }
        const fromGraph = await deps.graph(settings.graphBaseUrl, settings.loginBaseUrl).fetchUser({
          tenantId: settings.tenantId,
          clientId: settings.clientId,
          clientSecret,
          userId: oid,
          select,
        });
        Object.assign(identity.attributes, fromGraph);
      }
      return identity;
    },
  };
}
