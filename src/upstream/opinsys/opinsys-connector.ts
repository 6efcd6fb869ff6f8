import { randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { constantTimeEqual } from '../../core/constant-time-equal.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import type { UpstreamConnector, UpstreamIntegration } from '../../core/flow/ports.ts';
import { OUTBOUND_LIMITS } from '../../outbound/outbound-limits.ts';
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

const settingsSchema = z.object({
  organisationDomain: z.string().min(1),
  bindDn: z.string().optional(),
  apiBaseUrl: z.string().optional(),
});

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
export function createOpinsysConnector(deps: OpinsysConnectorDeps): UpstreamConnector {
  const get = deps.get ?? puavoGet;
  const maxAge = deps.maxJwtAgeSeconds ?? 120;
  const callbackUrl = (flowName: string) =>
    `${deps.publicUrl.replace(/\/+$/, '')}${opinsysCallbackPath(flowName)}`;

  const settingsOf = (integration: UpstreamIntegration) => {
    const s = settingsSchema.safeParse(integration.settings);
    if (!s.success) throw configError(integration, 'Opinsys settings are invalid');
    return { ...s.data, apiBaseUrl: (s.data.apiBaseUrl ?? 'https://api.opinsys.fi').replace(/\/+$/, '') };
  };

  return {
    type: 'opinsys',
    async start({ integration }) {
      const settings = settingsOf(integration);
      const state = randomBytes(24).toString('base64url');
      const returnTo = `${callbackUrl(integration.flowName)}?state=${state}`;
      const location = `${settings.apiBaseUrl}/v3/sso?return_to=${encodeURIComponent(returnTo)}&organisation=${encodeURIComponent(settings.organisationDomain)}`;
      return { action: { kind: 'redirect', location }, upstream: { state } };
    },

    async finish({ flow, integration, http }) {
      const settings = settingsOf(integration);
      const secret = integration.secrets.sharedSecret;
      if (!secret) throw configError(integration, 'the Opinsys shared secret is not configured');
      const query = new URLSearchParams(http.rawQuery);
      const state = query.getAll('state');
      const expected = flow.upstream?.state;
      if (
        state.length !== 1 ||
        typeof expected !== 'string' ||
        !constantTimeEqual(state[0] ?? '', expected)
      ) {
        throw new PassiError(
          ErrorCodes.FLOW_STATE_INVALID,
          'the answer from Opinsys belongs to another login',
          {
            status: 400,
          },
        );
      }
      const jwts = query.getAll('jwt');
      const jwt = jwts[0];
      if (jwts.length !== 1 || !jwt || jwt.length > 16_000) {
        throw new PassiError(ErrorCodes.UPSTREAM_FAILED, 'Opinsys answered without a login token', {
          status: 502,
        });
      }
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
        if (e instanceof joseErrors.JWTExpired) {
          throw new PassiError(ErrorCodes.FLOW_EXPIRED, 'the Opinsys login token has expired', {
            status: 400,
            cause: e,
          });
        }
        throw new PassiError(ErrorCodes.SIGNATURE_INVALID, 'the Opinsys login token is not valid', {
          status: 400,
          cause: e,
        });
      }
      const iat = claims.iat;
      const nowSeconds = now.getTime() / 1000;
      if (typeof iat !== 'number' || iat > nowSeconds + deps.clockSkewSeconds) {
        throw new PassiError(ErrorCodes.SIGNATURE_INVALID, 'the Opinsys login token has no valid iat', {
          status: 400,
        });
      }
      if (nowSeconds - iat > maxAge + deps.clockSkewSeconds) {
        throw new PassiError(ErrorCodes.FLOW_EXPIRED, 'the Opinsys login token is too old', { status: 400 });
      }
      // Required, not checked only when present: one Puavo secret may serve several organisations, and a
      // token that does not say which one it is for could be another organisation's user.
      const domain = claims.organisation_domain;
      if (typeof domain !== 'string' || domain !== settings.organisationDomain) {
        throw new PassiError(
          ErrorCodes.SIGNATURE_INVALID,
          typeof domain === 'string'
            ? 'the Opinsys login token is from another organisation'
            : 'the Opinsys login token names no organisation_domain',
          {
            status: 400,
          },
        );
      }
      const jti = claims.jti;
      if (typeof jti !== 'string' || jti === '' || jti.length > 200) {
        throw new PassiError(ErrorCodes.SIGNATURE_INVALID, 'the Opinsys login token has no jti', {
          status: 400,
        });
      }
      const expiresAt = new Date((iat + maxAge + 2 * deps.clockSkewSeconds) * 1000);
      if (!(await deps.replay().claim('opinsys-jti', `${integration.id}:${jti}`, expiresAt))) {
        throw new PassiError(ErrorCodes.REPLAY, 'this Opinsys login token was already used', { status: 400 });
      }
      const id = claims.id;
      if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '') {
        throw new PassiError(ErrorCodes.UPSTREAM_FAILED, 'the Opinsys login token has no user id', {
          status: 502,
        });
      }
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
    const password = integration.secrets.clientKey;
    if (!password || !settings.bindDn)
      throw configError(integration, 'the Opinsys REST credentials are not configured');
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
      throw new PassiError(
        ErrorCodes.UPSTREAM_FAILED,
        `the Opinsys API refused the user request (HTTP ${res.status})`,
        { detail: { ...detail, status: res.status } },
      );
    }
    try {
      return JSON.parse(res.body);
    } catch (e) {
      throw new PassiError(
        ErrorCodes.UPSTREAM_ANSWER_INVALID,
        'the Opinsys API sent a user that is not JSON',
        {
          cause: e,
          detail,
        },
      );
    }
  }
}

function configError(integration: UpstreamIntegration, message: string): PassiError {
  return new PassiError(ErrorCodes.CONFIG_INVALID, `${message} (integration ${integration.id})`, {
    status: 500,
  });
}
