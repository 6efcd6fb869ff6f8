import type Provider from 'oidc-provider';
import type { InteractionModel, InteractionResult } from 'oidc-provider';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure } from '../../core/errors.ts';
import type { FlowState } from '../../core/flow/flow-state.ts';
import type { DownstreamFace, LoginFailure, LoginSuccess } from '../../core/flow/ports.ts';
import type { HttpAction } from '../../core/http-action.ts';
import { toOidcClaims } from '../../model/render-oidc-claims.ts';
import { AUTHN_SOURCE_PREFIX } from './login-request-from-params.ts';
import { grantedScope, requestedClaimNames } from './oidc-claims.ts';
import { grantWithRelease } from './released-accounts.ts';

export interface OidcFaceDeps {
  provider: () => Promise<Provider>;
  clock: Clock;
}

/** OAuth error for each login failure the flow reports to the service (OIDC Core §3.1.2.6). */
const OAUTH_ERRORS: Record<string, { error: string; description: string }> = {
  [ErrorCodes.NO_PASSIVE]: { error: 'login_required', description: 'no Passi session and prompt=none' },
  [ErrorCodes.LOGIN_BLOCKED]: {
    error: 'access_denied',
    description: 'login blocked by the data model rules',
  },
  [ErrorCodes.UPSTREAM_CANCELLED]: { error: 'access_denied', description: 'the user cancelled the login' },
  [ErrorCodes.UPSTREAM_FAILED]: { error: 'access_denied', description: 'the school login failed' },
  // Still access_denied, as before the school-unreachable case had its own code: services see no change.
  [ErrorCodes.UPSTREAM_UNREACHABLE]: {
    error: 'access_denied',
    description: 'the school login service did not answer',
  },
};

/**
 * The OIDC face's answer (DownstreamFace): writes the login result into the oidc-provider interaction and
 * sends the browser to its `returnTo` (the authorization endpoint's resume), where oidc-provider issues the
 * code, or the error, to the redirect URI it verified at the start (RFC 9700 §4.11: never elsewhere).
 */
export function createOidcFace(deps: OidcFaceDeps): DownstreamFace {
  return {
    async respond(flow: FlowState, outcome: LoginSuccess | LoginFailure): Promise<HttpAction> {
      const uid = flow.request.faceState.uid;
      const provider = await deps.provider();
      const interaction = typeof uid === 'string' ? await provider.Interaction.find(uid) : undefined;
      ensure(interaction, ErrorCodes.FLOW_EXPIRED, 'the OIDC authorization request expired');
      const result = outcome.ok ? await success(provider, interaction, flow, outcome) : failure(outcome);
      interaction.result = result;
      await interaction.save(Math.max(1, interaction.exp - Math.floor(deps.clock.now().getTime() / 1000)));
      return { kind: 'redirect', location: interaction.returnTo };
    },
  };

  async function success(
    provider: Provider,
    interaction: InteractionModel,
    flow: FlowState,
    outcome: LoginSuccess,
  ): Promise<InteractionResult> {
    const uid = outcome.identity.uid;
    const clientId = interaction.params.client_id;
    if (!uid || typeof clientId !== 'string')
      return { error: 'access_denied', error_description: 'no user identifier to release' };
    const acr = `${AUTHN_SOURCE_PREFIX}${outcome.upstream.flowName}`;
    await endOtherUsersSession(provider, interaction, uid);
    // The broker's services are pre-approved (registered in docs/registry.md): consent is granted here,
    // for the scopes and claims the request asked for, so no consent round trip follows. The grant
    // carries what this login releases (released-accounts.ts).
    const grant = new provider.Grant(
      grantWithRelease({
        uid,
        clientId,
        serviceId: flow.request.serviceId,
        claims: toOidcClaims(outcome.identity.attributes),
        acr,
        ...(outcome.sessionId ? { passiSessionId: outcome.sessionId } : {}),
      }),
    );
    const scope = grantedScope(interaction.params.scope);
    if (scope) grant.addOIDCScope(scope);
    const claims = requestedClaimNames(interaction.params.claims);
    if (claims.length) grant.addOIDCClaims(claims);
    const grantId = await grant.save();
    const authTime = Math.floor(Date.parse(outcome.upstream.authnInstant) / 1000);
    return {
      login: {
        accountId: uid,
        acr,
        ...(Number.isFinite(authTime) ? { ts: authTime } : {}),
        // Without a Passi SSO session the OP session must not outlive the browser session either.
        remember: outcome.sessionId !== undefined,
      },
      consent: { grantId },
    };
  }
}

function failure(outcome: LoginFailure): InteractionResult {
  const mapped = OAUTH_ERRORS[outcome.code] ?? {
    error: 'access_denied',
    description: 'the login did not succeed',
  };
  // The error id is the one in the failure's log line (core/flow/login-failure.ts), for support to quote.
  const id = outcome.errorId ? ` (error id ${outcome.errorId})` : '';
  return { error: mapped.error, error_description: `${mapped.description}${id}` };
}

/**
 * A different user logged in on a browser whose OP session belongs to someone else (a shared school
 * device): end that OP session, so oidc-provider starts a fresh one instead of its logout-confirm detour.
 */
async function endOtherUsersSession(
  provider: Provider,
  interaction: InteractionModel,
  uid: string,
): Promise<void> {
  const previous = interaction.session;
  if (!previous?.accountId || previous.accountId === uid) return;
  if (previous.cookie) await (await provider.Session.find(previous.cookie))?.destroy();
  interaction.session = undefined;
}
