import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { finishInteraction } from './finish-interaction.ts';
import { closeServer, listenLocal } from './listen.ts';

/**
 * A REAL OpenID Provider (oidc-provider) as a school's OP, on 127.0.0.1 (optionally under a path, e.g.
 * `/<tenant>/v2.0` like Entra ID). Interactions finish at once as `loginAs` (or cancel with access_denied
 * when `cancel` is set). All claims go into the ID token when `claimsInIdToken` (Entra style); otherwise the
 * ID token has `sub` only and the rest comes from userinfo (oidc-provider's conformIdTokenClaims).
 */
export interface SchoolOp {
  issuer: string;
  origin: string;
  loginAs: string;
  cancel: boolean;
  accounts: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

export interface SchoolOpOptions {
  path?: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  claimsInIdToken?: boolean;
  /** Extra claim names released with the `profile` scope. */
  claims: string[];
  /** Other routes on the same host (e.g. the fake Microsoft token endpoint and Graph); true = handled. */
  otherRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export async function startSchoolOp(options: SchoolOpOptions): Promise<SchoolOp> {
  const path = options.path ?? '';
  let provider: Provider | undefined;
  const op: SchoolOp = {
    issuer: '',
    origin: '',
    loginAs: '',
    cancel: false,
    accounts: new Map(),
    close: () => closeServer(server),
  };
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  async function handle(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) {
    const p = provider;
    if (!p) throw new Error('not started');
    const url = req.url ?? '/';
    if (options.otherRoutes?.(req, res)) return;
    if (!url.startsWith(`${path}/`)) {
      res.writeHead(404).end();
      return;
    }
    req.originalUrl = url;
    req.url = url.slice(path.length);
    if (req.url.startsWith('/interaction/')) {
      await finishInteraction(p, req, res, {
        loginAs: op.loginAs,
        clientId: options.clientId,
        cancel: op.cancel,
      });
      return;
    }
    p.callback()(req, res);
  }
  const origin = await listenLocal(server);
  const issuer = `${origin}${path}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'school-op-1', alg: 'RS256', use: 'sig' };
  provider = new Provider(issuer, {
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
    jwks: { keys: [jwk] },
    claims: { openid: ['sub'], profile: ['given_name', 'family_name', 'nickname', ...options.claims] },
    conformIdTokenClaims: !options.claimsInIdToken,
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id, ...(op.accounts.get(id) ?? {}) }),
    }),
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `${path}/interaction/${interaction.uid}`,
    },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    cookies: { keys: ['school-op-cookie-key-for-tests'] },
  });
  op.issuer = issuer;
  op.origin = origin;
  return op;
}
