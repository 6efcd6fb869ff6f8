import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure } from '../../core/errors.ts';
import type { UpstreamConnector, UpstreamIntegration } from '../../core/flow/ports.ts';
import { flowStateReader, settingsOf } from '../connector-module.ts';
import { type EntraSettings, entraSettingsSchema } from '../entra/entra-settings.ts';
import type { GraphClient } from '../entra-graph/graph-client.ts';
import { oidcCallbackUrl, oidcIdentity } from '../oidc/oidc-connector.ts';
import { createOidcRp, type OidcFlowState, type OidcTarget, oidcFlowStateSchema } from '../oidc/oidc-rp.ts';

/** The Entra settings this connector reads. */
export function entraSettings(integration: UpstreamIntegration): EntraSettings {
  return settingsOf(entraSettingsSchema, integration);
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
export function createEntraOidcConnector(deps: EntraOidcDeps): UpstreamConnector<OidcFlowState> {
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
    readState: flowStateReader(oidcFlowStateSchema, 'an OpenID Connect request'),
    async start({ flow, integration }) {
      const started = await rp.start(
        target(integration, entraSettings(integration)),
        flow.request.forceAuthn,
      );
      return { action: { kind: 'redirect', location: started.location }, upstream: started.upstream };
    },
    async finish({ integration, http, state }) {
      const settings = entraSettings(integration);
      const result = await rp.finish(target(integration, settings), state, http.rawQuery);
      const tid = result.idClaims.tid;
      // The tenant is the token's issuer (OIDC Core §3.1.3.7 item 2): another tenant's token is not valid here.
      ensure(
        typeof tid === 'string' && tid.toLowerCase() === settings.tenantId.toLowerCase(),
        ErrorCodes.UPSTREAM_ANSWER_INVALID,
        'the ID token is from another Entra ID tenant',
      );
      const identity = oidcIdentity(integration, result, deps.clock);
      const oid = result.idClaims.oid;
      if (typeof oid === 'string' && oid !== '') identity.attributes.id = [oid];
      const select = settings.graphAttributes ?? [];
      if (select.length > 0) {
        const clientSecret = integration.secrets.clientSecret;
        // Reported to the service as a failed school login (login-flow.ts).
        ensure(
          clientSecret && typeof oid === 'string',
          ErrorCodes.UPSTREAM_FAILED,
          'Graph attributes need the client secret and the oid claim',
        );
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
