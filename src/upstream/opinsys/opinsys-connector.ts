import { randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { constantTimeEqual } from '../../core/constant-time-equal.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure, fail, PassiError } from '../../core/errors.ts';
import type { UpstreamConnector, UpstreamIntegration } from '../../core/flow/ports.ts';
import { OUTBOUND_LIMITS } from '../../outbound/outbound-limits.ts';
import { httpUrlSchema } from '../../registry/common-schemas.ts';
import { flowStateReader, requiredSecret, settingsOf } from '../connector-module.ts';
import { opinsysAttributes } from './opinsys-user.ts';
import { puavoGet } from './puavo-get.ts';

export interface OpinsysConnectorDeps {
  publicUrl: string;
  clock: Clock;
  replay: () => { claim(namespace: string, key: string, expiresAt: Date): Promise<boolean> };
  clockSkewSeconds: number;
  /** Oldest accepted JWT `iat` (seconds, before skew); default 120. */
  maxJwtAgeSeconds?: number;
  /** GET with a Host header (tests may inject). */
  get?: typeof puavoGet;
  timeoutMs?: number;
}

/** The registry's settings of an Opinsys integration. */
export const opinsysSettingsSchema = z
  .object({
    kind: z.literal('opinsys'),
    organisationDomain: z.string().regex(/^[a-z0-9.-]+$/i),
    /** Puavo REST bind DN for the user fetch (secret `clientKey`); absent = JWT claims only. */
    bindDn: z.string().min(1).max(500).optional(),
    /** Overrides https://api.opinsys.fi (tests; http only in deploymentPhase test). */
    apiBaseUrl: httpUrlSchema.optional(),
  })
  .strict();

/** What `start` keeps in the flow: the `state` Puavo must send back in `return_to`. */
export const opinsysFlowStateSchema = z.object({ state: z.string().min(1) });
export type OpinsysFlowState = z.infer<typeof opinsysFlowStateSchema>;

export function opinsysCallbackPath(flowName: string): string {
  return `/upstream/opinsys/${encodeURIComponent(flowName)}/callback`;
}

/**
 * Opinsys / Puavo (docs/integrations/opinsys.md): JWT single sign-on and the REST user fetch.
 * Passi → `<api>/v3/sso?return_to=<callback?state=…>&organisation=<domain>`; Puavo → `<callback>?state=…&jwt=…`
 * (HS256 with the shared secret). The `state` in return_to binds the answer to this browser's flow (the JWT
 * itself is not bound to a request). Checks: alg HS256 only, signature, `exp` if present, `iat` age,
 * `jti` single use (store-wide), `organisation_domain` present and equal to the integration's.
 */
export function createOpinsysConnector(deps: OpinsysConnectorDeps): UpstreamConnector<OpinsysFlowState> {
  const get = deps.get ?? puavoGet;
  const maxAge = deps.maxJwtAgeSeconds ?? 120;
  const callbackUrl = (flowName: string) =>
    `${deps.publicUrl.replace(/\/+$/, '')}${opinsysCallbackPath(flowName)}`;

  const opinsysSettings = (integration: UpstreamIntegration) => {
    const s = settingsOf(opinsysSettingsSchema, integration);
    return { ...s, apiBaseUrl: (s.apiBaseUrl ?? 'https://api.opinsys.fi').replace(/\/+$/, '') };
  };

  return {
    type: 'opinsys',
    readState: flowStateReader(opinsysFlowStateSchema, 'an Opinsys login'),
    async start({ integration }) {
      const settings = opinsysSettings(integration);
      const state = randomBytes(24).toString('base64url');
      const returnTo = `${callbackUrl(integration.flowName)}?state=${state}`;
      const location = `${settings.apiBaseUrl}/v3/sso?return_to=${encodeURIComponent(returnTo)}&organisation=${encodeURIComponent(settings.organisationDomain)}`;
      return { action: { kind: 'redirect', location }, upstream: { state } };
    },

    async finish({ integration, http, state: saved }) {
      const settings = opinsysSettings(integration);
      const secret = requiredSecret(integration, 'sharedSecret', 'the Opinsys shared secret');
      const query = new URLSearchParams(http.rawQuery);
      const state = query.getAll('state');
      ensure(
        state.length === 1 && constantTimeEqual(state[0] ?? '', saved.state),
        ErrorCodes.UPSTREAM_ANSWER_MISMATCH,
        'the answer from Opinsys belongs to another login',
      );
      const jwts = query.getAll('jwt');
      const jwt = jwts[0];
      if (jwts.length !== 1 || !jwt || jwt.length > 16_000)
        fail(ErrorCodes.UPSTREAM_FAILED, 'Opinsys answered without a login token');
      const now = deps.clock.now();
      let claims: Record<string, unknown>;
      try {
        const verified = await jwtVerify(jwt, new TextEncoder().encode(secret), {
          algorithms: ['HS256'],
          currentDate: now,
          clockTolerance: deps.clockSkewSeconds,
        });
        claims = { ...verified.payload };
      } catch (e) {
        if (e instanceof joseErrors.JWTExpired)
          fail(ErrorCodes.FLOW_EXPIRED, 'the Opinsys login token has expired', { cause: e });
        fail(ErrorCodes.UPSTREAM_ANSWER_INVALID, 'the Opinsys login token is not valid', { cause: e });
      }
      const iat = claims.iat;
      const nowSeconds = now.getTime() / 1000;
      if (typeof iat !== 'number' || iat > nowSeconds + deps.clockSkewSeconds)
        fail(ErrorCodes.UPSTREAM_ANSWER_INVALID, 'the Opinsys login token has no valid iat');
      ensure(
        nowSeconds - iat <= maxAge + deps.clockSkewSeconds,
        ErrorCodes.FLOW_EXPIRED,
        'the Opinsys login token is too old',
      );
      // Required, not checked only when present: one Puavo secret may serve several organisations, and a
      // token that does not say which one it is for could be another organisation's user.
      const domain = claims.organisation_domain;
      if (typeof domain !== 'string')
        fail(ErrorCodes.UPSTREAM_ANSWER_INVALID, 'the Opinsys login token names no organisation_domain');
      // The organisation is the token's issuer: another organisation's token is not valid here (as Entra's
      // tenant, entra-oidc-connector.ts).
      ensure(
        domain === settings.organisationDomain,
        ErrorCodes.UPSTREAM_ANSWER_INVALID,
        'the Opinsys login token is from another organisation',
      );
      const jti = claims.jti;
      if (typeof jti !== 'string' || jti === '' || jti.length > 200)
        fail(ErrorCodes.UPSTREAM_ANSWER_INVALID, 'the Opinsys login token has no jti');
      const expiresAt = new Date((iat + maxAge + 2 * deps.clockSkewSeconds) * 1000);
      ensure(
        await deps.replay().claim('opinsys-jti', `${integration.id}:${jti}`, expiresAt),
        ErrorCodes.REPLAY,
        'this Opinsys login token was already used',
      );
      const id = claims.id;
      if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '')
        fail(ErrorCodes.UPSTREAM_FAILED, 'the Opinsys login token has no user id');
      const rest = settings.bindDn ? await fetchUser(integration, settings, String(id)) : undefined;
      return {
        integrationId: integration.id,
        flowName: integration.flowName,
        attributes: opinsysAttributes(claims, rest),
        authnInstant: new Date(iat * 1000).toISOString(),
      };
    },
  };

  async function fetchUser(
    integration: UpstreamIntegration,
    settings: { organisationDomain: string; bindDn?: string; apiBaseUrl: string },
    id: string,
  ): Promise<unknown> {
    const password = requiredSecret(integration, 'clientKey', 'the Opinsys REST password (clientKey)');
    ensure(
      settings.bindDn,
      ErrorCodes.UPSTREAM_CONFIG_INVALID,
      `the Opinsys REST bind DN is not configured (integration ${integration.id})`,
    );
    const detail = { integration: integration.id };
    // Transport failures (timeout, refused, oversized, redirect) arrive coded from the outbound client.
    // The organisation is chosen by the Host header; HTTP Basic with the bind DN and its password.
    const res = await get(
      `${settings.apiBaseUrl}/v3/users/_by_id/${encodeURIComponent(id)}`,
      {
        host: settings.organisationDomain,
        accept: 'application/json',
        authorization: `Basic ${Buffer.from(`${settings.bindDn}:${password}`).toString('base64')}`,
      },
      deps.timeoutMs ?? OUTBOUND_LIMITS.opinsys.timeoutMs,
    );
    if (res.status !== 200) {
      // The HTTP status goes into the detail, as the outbound client does for the other schools.
      const refused = { ...detail, status: res.status };
      fail(ErrorCodes.UPSTREAM_FAILED, `the Opinsys API refused the user request (HTTP ${res.status})`, {
        detail: refused,
      });
    }
    try {
      return JSON.parse(res.body);
    } catch (e) {
      // A back-channel answer: the school's failure, reported to the service (BACK_CHANNEL_CODES).
      throw new PassiError(ErrorCodes.UPSTREAM_FAILED, 'the Opinsys API sent a user that is not JSON', {
        cause: e,
        detail,
      });
    }
  }
}
