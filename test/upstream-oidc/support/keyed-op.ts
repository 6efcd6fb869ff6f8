import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import Provider from 'oidc-provider';
import { finishInteraction } from '../../support/fakes/finish-interaction.ts';
import { closeServer, listenLocal } from '../../support/fakes/listen.ts';

/**
 * A REAL OpenID Provider (oidc-provider) as a school's OP whose signing keys the test controls, for the ID
 * token signature cases (OIDC Core 1.0 §3.1.3.7, §10.1.1):
 *  - `rotate()` makes the OP sign with a new RSA key under a new `kid` (the previous key stays published,
 *    as in a normal rollover);
 *  - `forgeIdToken` rewrites the `id_token` of the next token-endpoint answers (the OP's genuine, signed
 *    token goes in, the forgery comes out), so every other check (iss, aud, nonce, exp) still passes and
 *    only the signature is wrong;
 *  - `jwksRequests` counts fetches of the JWKS, to show when the relying party refetches it;
 *  - discovery advertises `none` and HS256 besides RS256/PS256/ES256, like a lax OP.
 * All claims go into the ID token, so a tampered payload is what the broker would release.
 */
export interface KeyedOp {
  issuer: string;
  loginAs: string;
  accounts: Map<string, Record<string, unknown>>;
  /** The `kid` the OP signs with now. */
  currentKid: string;
  jwksRequests: number;
  /** When set, the JWKS endpoint answers with this HTTP status (an outage) instead of the keys. */
  jwksFailStatus: number | undefined;
  /** Replaces the ID token of token-endpoint answers while set (the genuine token is the argument). */
  forgeIdToken: ((idToken: string) => Promise<string>) | undefined;
  /** The ID tokens the token endpoint handed out (after any forgery), newest last. */
  issuedIdTokens: string[];
  rotate(): Promise<string>;
  /** Signs claims with the OP's current key and kid, as the OP itself would. */
  sign(claims: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

export interface KeyedOpOptions {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  claims: string[];
}

export async function startKeyedOp(options: KeyedOpOptions): Promise<KeyedOp> {
  let provider: Provider | undefined;
  let keys: JWK[] = [];
  let generation = 0;
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const innerServer: Server = createServer((req, res) => {
    if (!provider) res.writeHead(500).end();
    else provider.callback()(req, res);
  });
  const inner = await listenLocal(innerServer);
  const op: KeyedOp = {
    issuer: await listenLocal(server),
    loginAs: '',
    accounts: new Map(),
    currentKid: '',
    jwksRequests: 0,
    jwksFailStatus: undefined,
    forgeIdToken: undefined,
    issuedIdTokens: [],
    rotate,
    async sign(claims) {
      const jwk = keys[0];
      if (!jwk) throw new Error('no key');
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
        .sign(await importJWK(jwk, 'RS256'));
    },
    close: async () => {
      await closeServer(server);
      await closeServer(innerServer);
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const p = provider;
    if (!p) throw new Error('not started');
    const url = req.url ?? '/';
    if (url.startsWith('/interaction/')) {
      await finishInteraction(p, req, res, { loginAs: op.loginAs, clientId: options.clientId });
      return;
    }
    if (url.startsWith('/jwks')) {
      op.jwksRequests += 1;
      if (op.jwksFailStatus !== undefined) {
        res.writeHead(op.jwksFailStatus, { 'content-type': 'text/plain' }).end('unavailable');
        return;
      }
    }
    if (url.startsWith('/token') && req.method === 'POST') return proxyJson(req, res, forgeIdToken);
    if (url.startsWith('/.well-known/openid-configuration')) return proxyJson(req, res, laxAlgorithms);
    p.callback()(req, res);
  }

  /**
   * The token endpoint answer with its `id_token` replaced before the relying party gets it (the OP's own
   * code, grant checks and signing ran unchanged).
   */
  async function forgeIdToken(json: Record<string, unknown>): Promise<Record<string, unknown>> {
    const idToken = json.id_token;
    if (typeof idToken !== 'string') return json;
    const sent = op.forgeIdToken ? await op.forgeIdToken(idToken) : idToken;
    op.issuedIdTokens.push(sent);
    return { ...json, id_token: sent };
  }

  /**
   * A lax school OP that also advertises `none` and HS256 for ID tokens (OIDC Discovery §3), so refusing
   * them is the relying party's own allow-list at work, not a consequence of the OP's metadata.
   */
  async function laxAlgorithms(json: Record<string, unknown>): Promise<Record<string, unknown>> {
    return { ...json, id_token_signing_alg_values_supported: ['RS256', 'PS256', 'ES256', 'HS256', 'none'] };
  }

  /** Sends the request to the provider's second listener and passes its JSON answer on, transformed. */
  async function proxyJson(
    req: IncomingMessage,
    res: ServerResponse,
    transform: (json: Record<string, unknown>) => Promise<Record<string, unknown>>,
  ) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    const answer = await fetch(`${inner}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers: { 'content-type': req.headers['content-type'] ?? '', accept: 'application/json' },
      body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
    });
    // oidc-provider names its endpoints after the request's host: give them the public origin back.
    const json: unknown = JSON.parse((await answer.text()).replaceAll(inner, op.issuer));
    const body = answer.ok ? await transform({ ...Object(json) }) : json;
    res
      .writeHead(answer.status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(body));
  }

  /** A new RSA signing key under a new kid; the OP signs with it from the next login on. */
  async function rotate(): Promise<string> {
    generation += 1;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = `school-op-${generation}`;
    const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
    // oidc-provider signs with the first key of the algorithm; the previous key stays published.
    keys = [jwk, ...keys].slice(0, 2);
    provider = createProvider(keys);
    op.currentKid = kid;
    return kid;
  }

  function createProvider(jwks: JWK[]): Provider {
    return new Provider(op.issuer, {
      clients: [
        {
          client_id: options.clientId,
          client_secret: options.clientSecret,
          redirect_uris: options.redirectUris,
          token_endpoint_auth_method: 'client_secret_post',
          response_types: ['code'],
          grant_types: ['authorization_code'],
        },
      ],
      jwks: { keys: jwks },
      claims: {
        openid: ['sub'],
        profile: ['given_name', 'family_name', 'nickname', ...options.claims],
      },
      conformIdTokenClaims: false,
      findAccount: async (_ctx: unknown, id: string) => ({
        accountId: id,
        claims: async () => ({ sub: id, ...(op.accounts.get(id) ?? {}) }),
      }),
      interactions: {
        url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
      },
      features: { devInteractions: { enabled: false } },
      pkce: { required: () => true },
      cookies: { keys: ['keyed-op-cookie-key-for-tests'] },
    });
  }

  await rotate();
  return op;
}
