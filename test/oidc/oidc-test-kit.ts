import { exportJWK, generateKeyPair } from 'jose';
import * as client from 'openid-client';
import { BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';

/** Test services (registry entries) the OIDC suites log in to; all test phase, in the demo operator's set. */
export const CLIENTS = {
  basic: {
    id: 'oidc-basic',
    clientId: 'client-basic-0001',
    secret: 'basic-secret-0123456789abcdef0123456789',
  },
  post: {
    id: 'oidc-post',
    clientId: 'client-post-00001',
    secret: 'post-secret-0123456789abcdef012345678901',
  },
  jwt: { id: 'oidc-jwt', clientId: 'client-jwt-000001' },
  public: { id: 'oidc-public', clientId: 'client-public-001' },
  publicSub: {
    id: 'oidc-public-sub',
    clientId: 'client-public-sub',
    secret: 'pubsub-secret-0123456789abcdef0123456789',
  },
  es256: {
    id: 'oidc-es256',
    clientId: 'client-es256-0001',
    secret: 'es256-secret-0123456789abcdef0123456789a',
  },
} as const;

export const REDIRECT_URI = 'https://rp.example.org/callback';
export const SECOND_FLOW = 'MansikkalaToinen';
export const FIRST_FLOW_ACR = 'urn:mpass.id:authnsource:MansikkalaTest';

export interface OidcTestRegistry {
  yaml: string;
  jwtKey: CryptoKey;
}

/** Registry YAML (JSON is YAML) with one service per client auth method, and a second school. */
export async function oidcTestRegistry(): Promise<OidcTestRegistry> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'rp-key-1', alg: 'ES256', use: 'sig' };
  const service = (id: string, name: string, oidc: Record<string, unknown>, clientSecret?: string) => ({
    id,
    organisationOid: '1.2.246.562.99.00000000099',
    name: { en: name },
    protocol: 'oidc',
    deploymentPhase: 'test',
    serviceSets: ['attribute-test'],
    allowTestLearnerId: true,
    oidc: {
      redirectUris: [REDIRECT_URI, 'https://rp.example.org/other'],
      postLogoutRedirectUris: ['https://rp.example.org/bye'],
      ...oidc,
    },
    ...(clientSecret ? { clientSecret } : {}),
  });
  const doc = {
    services: [
      service(CLIENTS.basic.id, 'Basic RP', { clientId: CLIENTS.basic.clientId }, CLIENTS.basic.secret),
      service(
        CLIENTS.post.id,
        'Post RP',
        { clientId: CLIENTS.post.clientId, tokenEndpointAuthMethod: 'client_secret_post' },
        CLIENTS.post.secret,
      ),
      service(CLIENTS.jwt.id, 'JWT RP', {
        clientId: CLIENTS.jwt.clientId,
        tokenEndpointAuthMethod: 'private_key_jwt',
        jwks: { keys: [jwk] },
      }),
      service(CLIENTS.public.id, 'Public RP', {
        clientId: CLIENTS.public.clientId,
        tokenEndpointAuthMethod: 'none',
      }),
      service(
        CLIENTS.publicSub.id,
        'Public-sub RP',
        { clientId: CLIENTS.publicSub.clientId, subjectType: 'public' },
        CLIENTS.publicSub.secret,
      ),
      service(
        CLIENTS.es256.id,
        'ES256 RP',
        { clientId: CLIENTS.es256.clientId, idTokenSignedResponseAlg: 'ES256' },
        CLIENTS.es256.secret,
      ),
    ],
    integrations: [
      {
        id: '4000002',
        organisationOid: '1.2.246.562.99.00000000001',
        type: 'test-directory',
        flowName: SECOND_FLOW,
        deploymentPhase: 'test',
        settings: { kind: 'test-directory' },
        discovery: { displayName: { fi: 'Toinen testikoulu' }, showSchools: false, tags: ['test'] },
        allowedServices: [],
      },
    ],
  };
  return { yaml: JSON.stringify(doc), jwtKey: privateKey };
}

/** An openid-client Configuration for a test client, by discovery against Passi (plain http in tests). */
export async function discoverClient(
  issuer: string,
  which: keyof typeof CLIENTS,
  jwtKey?: CryptoKey,
  options: { fetch?: client.CustomFetch } = {},
): Promise<client.Configuration> {
  const c = CLIENTS[which];
  const auth =
    which === 'post' && 'secret' in c
      ? client.ClientSecretPost(c.secret)
      : which === 'jwt' && jwtKey
        ? client.PrivateKeyJwt({ key: jwtKey, kid: 'rp-key-1' })
        : which === 'public'
          ? client.None()
          : 'secret' in c
            ? client.ClientSecretBasic(c.secret)
            : client.None();
  // The ES256 client registers ES256 ID tokens; openid-client then expects exactly that algorithm.
  const metadata = which === 'es256' ? { id_token_signed_response_alg: 'ES256' } : undefined;
  const config = await client.discovery(new URL(issuer), c.clientId, metadata, auth, {
    execute: [client.allowInsecureRequests],
    ...(options.fetch ? { [client.customFetch]: options.fetch } : {}),
  });
  return config;
}

export interface AuthRequest {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

/** A code-flow authorization request with PKCE S256, state and nonce (OIDC Core §3.1.2.1). */
export async function authRequest(
  config: client.Configuration,
  extra: Record<string, string> = {},
): Promise<AuthRequest> {
  // The suites register two schools; the hint for the first skips discovery unless a test says otherwise
  // (`acr_values: ''` leaves it out).
  const { acr_values = FIRST_FLOW_ACR, ...rest } = extra;
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...(acr_values ? { acr_values } : {}),
    ...rest,
  });
  return { url, verifier, state, nonce };
}

/**
 * Follows redirects like a browser until Passi sends the browser to the RP's redirect URI (returned,
 * never fetched) or shows a page (returned as `page`).
 */
export async function browseUntilRedirectUri(
  browser: BrowserlessClient,
  start: string,
  redirectPrefix = 'https://rp.example.org/',
): Promise<{ callback?: URL; page?: BrowserResponse }> {
  let response = await browser.get(start);
  for (let hop = 0; hop < 15; hop++) {
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { page: response };
    const next = new URL(location, response.url);
    if (next.href.startsWith(redirectPrefix)) return { callback: next };
    response = await browser.get(next.href);
  }
  throw new Error('too many redirects');
}

/** Logs in at the test directory login page the flow reached, then follows to the redirect URI. */
export async function loginAtTestDirectory(
  browser: BrowserlessClient,
  page: BrowserResponse,
  username = 'demo_u0001',
  password = `${username}pwd`,
): Promise<{ callback?: URL; page?: BrowserResponse }> {
  if (!page.url.includes('/upstream/test-directory/'))
    throw new Error(`not at the test directory: ${page.url} (${page.status})\n${page.body.slice(0, 400)}`);
  // The page's own form fields (its form token) go with the credentials, as a browser sends them.
  const posted = await browser.post(page.url, { ...parseForms(page.body)[0]?.fields, username, password });
  const location = posted.headers.get('location');
  if (posted.status < 300 || posted.status >= 400 || !location) return { page: posted };
  const next = new URL(location, page.url);
  if (next.href.startsWith('https://rp.example.org/')) return { callback: next };
  return browseUntilRedirectUri(browser, next.href);
}

/** The whole browser part of a login: authorize → test directory → callback URL at the RP. */
export async function browserLogin(
  browser: BrowserlessClient,
  url: URL,
  username = 'demo_u0001',
): Promise<URL> {
  const first = await browseUntilRedirectUri(browser, url.href);
  if (first.callback) return first.callback;
  if (!first.page) throw new Error('no page');
  const done = await loginAtTestDirectory(browser, first.page, username);
  if (!done.callback)
    throw new Error(
      `no callback; ended at ${done.page?.url} ${done.page?.status}: ${done.page?.body.slice(0, 500)}`,
    );
  return done.callback;
}

/** A full login with openid-client as the RP: discovery, PKCE authorization, the browser part, validated tokens. */
export async function fullLogin(
  baseUrl: string,
  jwtKey: CryptoKey,
  which: keyof typeof CLIENTS,
  extra: Record<string, string> = {},
  browser = new BrowserlessClient(),
  username = 'demo_u0001',
) {
  const config = await discoverClient(baseUrl, which, jwtKey);
  const req = await authRequest(config, extra);
  const callback = await browserLogin(browser, req.url, username);
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: req.verifier,
    expectedState: req.state,
    expectedNonce: req.nonce,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('no ID token');
  return { config, tokens, claims, browser, callback };
}
