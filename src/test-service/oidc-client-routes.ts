import type { FastifyPluginAsync } from 'fastify';
import * as client from 'openid-client';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';
import { isLanguage, type Language } from '../core/language.ts';
import { requestLanguage } from '../http/request-language.ts';
import { cspNonce } from '../http/send-action.ts';
import { ATTRIBUTE_CATALOGUE } from '../model/attribute-catalogue.ts';
import { LOGIN_REPORT_HANDLE_URI } from '../model/login-report-handle.ts';
import type { SecretBox } from '../store/secret-box.ts';
import type { LoginReportStore } from '../store/state/login-report-store.ts';
import { attributeRows } from './attribute-rows.ts';
import { findLoginReport } from './find-login-report.ts';
import { setLoginCookie, takeLoginCookie } from './login-cookie.ts';
import { renderResultPage } from './render-result-page.tsx';
import { failureStatus, notStarted, type TestLoginFailure, validationFailure } from './test-login-failure.ts';
import type { TestLoginRecorder } from './test-login-outcome.ts';

export interface TestServiceOidcDeps {
  publicUrl: string;
  /** Registry id of the attribute test service's OIDC registration (demo/registry.yaml). */
  serviceId: string;
  /** Its client id: a public client (token_endpoint_auth_method none) with PKCE. */
  clientId: string;
  reports: () => LoginReportStore;
  /** Seals the cookie that binds a test login to the browser that started it (login-cookie.ts). */
  box: () => SecretBox;
  /** Saves the result of a test login the portal started (test-login-outcome.ts). */
  recordOutcome?: TestLoginRecorder;
}

const STATE_COOKIE = '__Host-passi_ts_oidc';
const FLOW_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const CLAIM_TO_NAME = new Map(ATTRIBUTE_CATALOGUE.map((e) => [e.oidcClaim, e.name]));

/**
 * The attribute test service over OpenID Connect: a real relying party (openid-client, code
 * flow with PKCE S256, state and nonce) logging in to Passi itself as a public client, showing every
 * released claim with its status, like the SAML side (saml-client-routes.ts).
 *
 * The report is shown only after the code exchange and ID token validation against this browser's sealed
 * cookie (state, nonce, PKCE verifier), found by the handle Passi put in that ID token.
 */
/** Asks for the login report handle in the ID token (OIDC Core §5.5), where the nonce binds it. */
const CLAIMS_REQUEST = JSON.stringify({ id_token: { [LOGIN_REPORT_HANDLE_URI]: { essential: true } } });

export function testServiceOidcRoutes(deps: TestServiceOidcDeps): FastifyPluginAsync {
  const redirectUri = `${deps.publicUrl}/test-service/oidc/callback`;
  let configuration: Promise<client.Configuration> | undefined;
  const config = () => {
    // Discovery against Passi's own public URL, once; http only for a development URL.
    configuration ??= client
      .discovery(new URL(deps.publicUrl), deps.clientId, undefined, client.None(), {
        execute: deps.publicUrl.startsWith('http:') ? [client.allowInsecureRequests] : [],
      })
      .catch((e: unknown) => {
        configuration = undefined;
        throw e;
      });
    return configuration;
  };

  return async (scope) => {
    scope.get<{ Querystring: { flow?: string } }>('/test-service/oidc/login', async (request, reply) => {
      const flow = request.query.flow?.trim() || undefined;
      if (flow !== undefined && !FLOW_NAME.test(flow)) fail(ErrorCodes.REQUEST_INVALID, 'invalid flow name');
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(await config(), {
        redirect_uri: redirectUri,
        scope: 'openid profile',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ui_locales: requestLanguage(request),
        claims: CLAIMS_REQUEST,
        ...(flow ? { acr_values: `urn:mpass.id:authnsource:${flow}` } : {}),
      });
      setLoginCookie(reply, deps.box(), STATE_COOKIE, {
        verifier,
        state,
        nonce,
        lang: requestLanguage(request),
      });
      return reply.header('cache-control', 'no-store').redirect(url.href, 303);
    });

    scope.get('/test-service/oidc/callback', async (request, reply) => {
      const saved = readSaved(takeLoginCookie(request, reply, deps.box(), STATE_COOKIE));
      const lang = requestLanguage(request, saved?.lang);
      const facts: Record<string, string> = {};
      let released: Record<string, string[]> = {};
      let handle: string | undefined;
      let failure: TestLoginFailure | undefined;
      if (!saved) {
        failure = notStarted(request);
      } else {
        try {
          const c = await config();
          const tokens = await client.authorizationCodeGrant(c, new URL(request.url, deps.publicUrl), {
            pkceCodeVerifier: saved.verifier,
            expectedState: saved.state,
            expectedNonce: saved.nonce,
          });
          const idToken = tokens.claims();
          if (!idToken) throw new Error('no ID token');
          const info = await client.fetchUserInfo(c, tokens.access_token, idToken.sub);
          facts.sub = idToken.sub;
          facts.iss = idToken.iss;
          if (typeof idToken.acr === 'string') facts.acr = idToken.acr;
          const claimed = idToken[LOGIN_REPORT_HANDLE_URI];
          handle = typeof claimed === 'string' && claimed ? claimed : undefined;
          released = releasedFromClaims(info);
        } catch (e) {
          failure = validationFailure(request, e, oauthErrorOf);
        }
      }
      const detail = await findLoginReport(request, deps.reports(), {
        serviceId: deps.serviceId,
        correlationId: saved?.state,
        handle,
        failure,
      });
      const rows = attributeRows(released, detail?.problems ?? []);
      const recorded = await deps.recordOutcome?.(request, reply, {
        protocol: 'oidc',
        rows,
        failure,
        detail,
      });
      // Referrer-Policy no-referrer comes from the surface; the code is single use (RFC 9700 §4.2).
      return reply
        .status(failureStatus(failure))
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(
          renderResultPage(
            lang,
            {
              protocol: 'oidc',
              rows,
              failure,
              detail,
              facts,
              saved: recorded,
            },
            cspNonce(reply),
          ),
        );
    });
  };
}

/**
 * An OAuth error Passi sent to this browser's login (RFC 6749 §4.1.2.1) as `error: description`;
 * openid-client raises it only after the `state` matched the cookie's.
 */
function oauthErrorOf(e: unknown): string | undefined {
  if (!(e instanceof client.AuthorizationResponseError)) return undefined;
  return `${e.error}: ${e.error_description ?? ''}`;
}

/** Userinfo claims back to data-model names (arrays for every attribute, as the rows want). */
function releasedFromClaims(claims: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [claim, value] of Object.entries(claims)) {
    const name = CLAIM_TO_NAME.get(claim);
    if (!name) continue;
    out[name] = (Array.isArray(value) ? value : [value]).map((v) => String(v));
  }
  return out;
}

function readSaved(
  value: Record<string, unknown> | undefined,
): { verifier: string; state: string; nonce: string; lang?: Language } | undefined {
  if (!value) return undefined;
  const { verifier, state, nonce, lang } = value;
  if (typeof verifier !== 'string' || typeof state !== 'string' || typeof nonce !== 'string')
    return undefined;
  return { verifier, state, nonce, ...(isLanguage(lang) ? { lang } : {}) };
}
