import * as client from 'openid-client';
import { z } from 'zod';
import { constantTimeEqual } from '../../core/constant-time-equal.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure, PassiError } from '../../core/errors.ts';
import { outboundErrorIn } from '../../outbound/outbound-errors.ts';
import { createOutboundClient } from '../../outbound/outbound-fetch.ts';
import { OUTBOUND_LIMITS } from '../../outbound/outbound-limits.ts';

/**
 * Passi as an OpenID Connect relying party toward a school's OP (OIDC Core 1.0 §3.1,
 * docs/integrations/oidc.md), on
 * openid-client 6: one Configuration per upstream with its issuer pinned (discovery refuses a document whose
 * `issuer` differs), PKCE S256 + state + nonce kept in the flow, a distinct redirect URI per integration
 * (RFC 9700 §4.4 mix-up defence) plus the RFC 9207 `iss` check openid-client does when the OP supports it.
 *
 * ID token signatures: openid-client 6 checks an ID token's claims but verifies its JWS signature only after
 * `enableNonRepudiationChecks(config)` (it otherwise trusts the TLS channel to the token endpoint, OIDC Core
 * §3.1.3.7 item 6). Passi brokers identities onward, so it turns that on for every upstream: the signature is
 * verified against the OP's `jwks_uri` (OIDC Core §10.1), HS* and `none` are refused, and the alg must be on
 * the allow-list below. The JWKS is cached at most 5 min and refetched once on an unknown `kid` when the
 * cached copy is at least 60 s old (oauth4webapi's key selection, under openid-client). Codes and tokens are
 * never logged.
 */
export interface OidcTarget {
  /** Cache key for the Configuration (integration id). */
  key: string;
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  scopes: readonly string[];
  userinfo: boolean;
}

export interface OidcResult {
  idClaims: Record<string, unknown>;
  userinfo: Record<string, unknown> | undefined;
}

/** RS256, ES256, PS256 only: `none` and HS* (a shared secret as signing key) are refused (OIDC Core 1.0 §10.1). */
export const ID_TOKEN_ALGS: readonly string[] = ['RS256', 'ES256', 'PS256'];

/** Clock skew ≤ 2 min for the ID token's `exp` and `nbf` (openid-client's clockTolerance). */
export const MAX_CLOCK_SKEW_SECONDS = 120;

/**
 * The ID token algs Passi accepts from an OP: the allow-list ∩ what the OP advertises (OIDC Discovery §3;
 * when it says nothing, RS256, which every OP must support).
 */
export function acceptedIdTokenAlgs(advertised: unknown): string[] {
  const offered = Array.isArray(advertised) ? advertised : ['RS256'];
  return ID_TOKEN_ALGS.filter((alg) => offered.includes(alg));
}

/** What `start` keeps in the flow (RFC 9700 §2.1: state, nonce and the PKCE verifier of this login). */
export const oidcFlowStateSchema = z.object({
  state: z.string().min(16),
  nonce: z.string().min(16),
  codeVerifier: z.string().min(43),
});
export type OidcFlowState = z.infer<typeof oidcFlowStateSchema>;

export interface OidcRpOptions {
  /** How long a discovered configuration is reused (ms); default 1 h. */
  configTtlMs?: number;
  /** Every outbound request (discovery, token, JWKS, userinfo); default OUTBOUND_LIMITS.oidc (10 s). */
  timeoutMs?: number;
  /** Tolerated clock difference for ID token times (s); default 60, capped at 120. */
  clockSkewSeconds?: number;
}

export function createOidcRp(options: OidcRpOptions = {}) {
  const ttl = options.configTtlMs ?? 3_600_000;
  // Every request goes through the outbound client (docs/architecture.md "Outbound HTTP") as openid-client's
  // customFetch: its timeout, body cap and refused redirects, and UPSTREAM_UNREACHABLE when the OP does not
  // answer. openid-client's own timer is set a second later, a backstop that never fires first.
  const outbound = createOutboundClient({
    peer: "the school's OpenID provider",
    limits: {
      ...OUTBOUND_LIMITS.oidc,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    },
  });
  const customFetch: client.CustomFetch = (url, init) =>
    outbound.fetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body instanceof Uint8Array ? new Uint8Array(init.body) : (init.body ?? null),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  const timeoutSeconds = Math.ceil((options.timeoutMs ?? OUTBOUND_LIMITS.oidc.timeoutMs) / 1000) + 1;
  const skewSeconds = Math.min(Math.max(options.clockSkewSeconds ?? 60, 0), MAX_CLOCK_SKEW_SECONDS);
  const configs = new Map<
    string,
    { at: number; fingerprint: string; config: Promise<client.Configuration> }
  >();

  // Reported to the service as a failed school login (login-flow.ts).
  const failed = (message: string, cause?: unknown) =>
    new PassiError(ErrorCodes.UPSTREAM_FAILED, message, { cause });

  function configuration(target: OidcTarget): Promise<client.Configuration> {
    const fingerprint = JSON.stringify([target.issuer, target.clientId, target.clientSecret ?? '']);
    const cached = configs.get(target.key);
    if (cached && cached.fingerprint === fingerprint && Date.now() - cached.at < ttl) return cached.config;
    const config = discover(target).catch((e: unknown) => {
      configs.delete(target.key);
      throw outboundErrorIn(e) ?? failed("the school's OpenID provider could not be discovered", e);
    });
    configs.set(target.key, { at: Date.now(), fingerprint, config });
    return config;
  }

  async function discover(target: OidcTarget): Promise<client.Configuration> {
    const insecure = target.issuer.startsWith('http:');
    const auth = target.clientSecret ? client.ClientSecretPost(target.clientSecret) : client.None();
    const discovered = await client.discovery(new URL(target.issuer), target.clientId, undefined, auth, {
      execute: insecure ? [client.allowInsecureRequests] : [],
      timeout: timeoutSeconds,
      [client.customFetch]: customFetch,
    });
    // serverMetadata() adds a supportsPKCE() helper; the Configuration takes the JSON document only.
    const { supportsPKCE: _helper, ...metadata } = discovered.serverMetadata();
    const algs = acceptedIdTokenAlgs(metadata.id_token_signing_alg_values_supported);
    if (algs.length === 0) {
      throw failed(`the school's OpenID provider signs ID tokens with none of ${ID_TOKEN_ALGS.join(', ')}`);
    }
    // openid-client checks an ID token's `alg` against the OP's advertised list (oauth4webapi
    // checkSigningAlgorithm) before it reads any claim; narrowing that list to the allow-list makes the
    // library refuse every other alg, whatever the OP offers. The rest of the discovered document is kept.
    const config = new client.Configuration(
      { ...metadata, id_token_signing_alg_values_supported: algs },
      target.clientId,
      { [client.clockTolerance]: skewSeconds },
      auth,
    );
    config.timeout = timeoutSeconds;
    config[client.customFetch] = customFetch;
    if (insecure) client.allowInsecureRequests(config);
    client.enableNonRepudiationChecks(config);
    return config;
  }

  return {
    async start(target: OidcTarget, forceAuthn: boolean) {
      const config = await configuration(target);
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const params: Record<string, string> = {
        redirect_uri: target.redirectUri,
        scope: ['openid', ...target.scopes.filter((s) => s !== 'openid')].join(' '),
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      };
      if (forceAuthn) params.prompt = 'login';
      const url = client.buildAuthorizationUrl(config, params);
      return { location: url.href, upstream: { state, nonce, codeVerifier } };
    },

    async finish(target: OidcTarget, saved: OidcFlowState, rawQuery: string): Promise<OidcResult> {
      const query = new URLSearchParams(rawQuery);
      const state = query.getAll('state');
      ensure(
        state.length === 1 && constantTimeEqual(state[0] ?? '', saved.state),
        ErrorCodes.UPSTREAM_ANSWER_MISMATCH,
        'the answer from the OpenID provider belongs to another login',
      );
      const config = await configuration(target);
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, new URL(`${target.redirectUri}?${rawQuery}`), {
          pkceCodeVerifier: saved.codeVerifier,
          expectedState: saved.state,
          expectedNonce: saved.nonce,
          idTokenExpected: true,
        });
      } catch (e) {
        throw mapError(e);
      }
      // Reaching here, the ID token's alg is on the allow-list and its signature verified (see above).
      const idClaims = tokens.claims();
      if (!tokens.id_token || !idClaims) throw invalid('the OpenID provider sent no ID token');
      let userinfo: Record<string, unknown> | undefined;
      if (target.userinfo && config.serverMetadata().userinfo_endpoint) {
        try {
          userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        } catch (e) {
          throw mapError(e);
        }
      }
      return { idClaims: { ...idClaims }, userinfo: userinfo ? { ...userinfo } : undefined };
    },
  };

  function mapError(e: unknown): PassiError {
    // A transport failure the outbound client already coded (openid-client wraps it as `cause`).
    const transport = outboundErrorIn(e);
    if (transport) return transport;
    if (e instanceof client.AuthorizationResponseError) {
      // OIDC Core §3.1.2.6: access_denied is the user saying no (or cancelling).
      if (e.error === 'access_denied') {
        return new PassiError(ErrorCodes.UPSTREAM_CANCELLED, 'the user cancelled the login at the school', {
          cause: e,
        });
      }
      return failed(`the school's OpenID provider answered with an error (${safeCode(e.error)})`, e);
    }
    if (e instanceof client.ResponseBodyError) {
      return failed(`the school's OpenID provider refused the request (${safeCode(e.error)})`, e);
    }
    if (e instanceof client.ClientError && e.code !== undefined && TRANSPORT_CODES.has(e.code)) {
      // The OP (its token, JWKS or userinfo endpoint) did not answer properly: its failure, not a forgery.
      return failed(`the school's OpenID provider did not answer properly (${e.code})`, e);
    }
    if (e instanceof client.ClientError) {
      // Validation failures (iss, aud, nonce, alg, signature, unknown kid, expiry …): the answer is not
      // trusted; error page.
      return invalid(`the answer from the OpenID provider failed validation (${e.code ?? 'invalid'})`, e);
    }
    if (e instanceof PassiError) return e;
    return failed("the school's OpenID provider is not reachable", e);
  }
}

/** openid-client error codes that say the OP could not be reached or answered out of protocol. */
const TRANSPORT_CODES: ReadonlySet<string> = new Set([
  'OAUTH_TIMEOUT',
  'OAUTH_ABORT',
  'OAUTH_RESPONSE_IS_NOT_CONFORM',
  'OAUTH_RESPONSE_IS_NOT_JSON',
]);

function invalid(message: string, cause?: unknown): PassiError {
  return new PassiError(ErrorCodes.UPSTREAM_ANSWER_INVALID, message, { cause });
}

function safeCode(code: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : 'error';
}

/** Claims → raw attributes: strings as one value, arrays element-wise, objects as JSON; protocol claims dropped. */
export function claimsToAttributes(claims: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (PROTOCOL_CLAIMS.has(name)) continue;
    const values = (Array.isArray(value) ? value : [value]).flatMap((v) =>
      typeof v === 'string'
        ? v === ''
          ? []
          : [v]
        : typeof v === 'number' || typeof v === 'boolean'
          ? [String(v)]
          : v === null || v === undefined
            ? []
            : [JSON.stringify(v)],
    );
    if (values.length > 0) out[name] = values;
  }
  return out;
}

const PROTOCOL_CLAIMS = new Set([
  'aud',
  'exp',
  'iat',
  'nbf',
  'nonce',
  'at_hash',
  'c_hash',
  's_hash',
  'azp',
  'sid',
  'uti',
  'rh',
  'aio',
]);
