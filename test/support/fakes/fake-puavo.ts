import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { SignJWT } from 'jose';
import { closeServer, listenLocal } from './listen.ts';

/**
 * A fake Opinsys / Puavo (puavo-web `rest/doc/SSO_DEVELOPERS.md`, https://github.com/puavo-org/puavo-web):
 * - `GET /v3/sso?return_to=…&organisation=<domain>` "logs in" `loginAs` and redirects to return_to with
 *   `jwt=<HS256 JWT signed with the shared secret>` (claims iat, jti, id, username, names, user_type,
 *   schools[{id,name,abbreviation,groups}], organisation_domain). `tamper` changes the next token.
 * - `GET /v3/users/_by_id/<id>` answers the REST user when Host is the organisation domain and HTTP Basic
 *   is the bind DN and its password.
 */
export interface FakePuavo {
  baseUrl: string;
  loginAs: string;
  /** JWT claims per user id (the SSO token). */
  tokens: Map<string, Record<string, unknown>>;
  /** REST users per id. */
  users: Map<string, Record<string, unknown>>;
  /** One-shot changes to the next SSO token. */
  tamper?: {
    iatOffsetSeconds?: number;
    jti?: string;
    secret?: string;
    alg?: 'HS384' | 'HS512';
    exp?: number;
    /** Another `organisation_domain` claim, or `null` to leave it out. */
    organisationDomain?: string | null;
  };
  seen: { restHost?: string; restAuthOk: boolean }[];
  /** One-shot status for the next REST user request (e.g. 401 as for a wrong bind password). */
  restStatus?: number;
  close(): Promise<void>;
}

export async function startFakePuavo(options: {
  secret: string;
  domain: string;
  bindDn: string;
  password: string;
}) {
  const fake: FakePuavo = {
    baseUrl: '',
    loginAs: '',
    tokens: new Map(),
    users: new Map(),
    seen: [],
    close: () => closeServer(server),
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      if (url.pathname === '/v3/sso') {
        const returnTo = url.searchParams.get('return_to');
        if (!returnTo || url.searchParams.get('organisation') !== options.domain) {
          res.writeHead(400).end();
          return;
        }
        const t = fake.tamper ?? {};
        fake.tamper = undefined;
        const domain = t.organisationDomain === undefined ? options.domain : t.organisationDomain;
        const claims = {
          ...(fake.tokens.get(fake.loginAs) ?? {}),
          id: fake.loginAs,
          ...(domain === null ? {} : { organisation_domain: domain }),
        };
        const iat = Math.floor(Date.now() / 1000) + (t.iatOffsetSeconds ?? 0);
        const jwt = new SignJWT({ ...claims, ...(t.exp !== undefined ? { exp: t.exp } : {}) })
          .setProtectedHeader({ alg: t.alg ?? 'HS256', typ: 'JWT' })
          .setIssuedAt(iat)
          .setJti(t.jti ?? randomUUID());
        const token = await jwt.sign(new TextEncoder().encode(t.secret ?? options.secret));
        res
          .writeHead(302, { location: `${returnTo}${returnTo.includes('?') ? '&' : '?'}jwt=${token}` })
          .end();
        return;
      }
      const byId = /^\/v3\/users\/_by_id\/([^/]+)$/.exec(url.pathname);
      if (byId) {
        const expected = `Basic ${Buffer.from(`${options.bindDn}:${options.password}`).toString('base64')}`;
        const authOk = req.headers.authorization === expected;
        fake.seen.push({ restHost: req.headers.host, restAuthOk: authOk });
        const forced = fake.restStatus;
        fake.restStatus = undefined;
        if (forced !== undefined) {
          res.writeHead(forced).end();
          return;
        }
        if (req.headers.host !== options.domain || !authOk) {
          res.writeHead(401).end();
          return;
        }
        const user = fake.users.get(decodeURIComponent(byId[1] ?? ''));
        if (!user) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(user));
        return;
      }
      res.writeHead(404).end();
    })();
  });
  fake.baseUrl = await listenLocal(server);
  return fake;
}
