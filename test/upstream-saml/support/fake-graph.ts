/**
 * A faithful fake of the two Microsoft endpoints the Entra connector calls (Microsoft identity platform
 * client-credentials token endpoint, Graph v1.0 `GET /users/{id}?$select=`): checks the client secret,
 * the bearer token and the `$select` names case-sensitively (a name that is not a user property or a
 * registered extension gets Graph's 400), and can answer 401 or 429 (with Retry-After).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import {
  registeredExtensions,
  unknownGraphProperty,
  unknownPropertyError,
} from '../../support/fakes/graph-user-resource.ts';
import { closeServer, listenLocal } from '../../support/fakes/listen.ts';

export interface FakeGraph {
  baseUrl: string;
  users: Map<string, Record<string, unknown>>;
  /** Next users call answers this status (401, 429) instead. */
  failNext: { status: number; retryAfter?: string; times?: number } | undefined;
  selects: string[][];
  close(): Promise<void>;
}

export async function startFakeGraph(
  tenantId: string,
  clientId: string,
  clientSecret: string,
): Promise<FakeGraph> {
  const tokens = new Set<string>();
  const fake: FakeGraph = {
    baseUrl: '',
    users: new Map(),
    failNext: undefined,
    selects: [],
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    if (req.method === 'POST' && url.pathname === `/${tenantId}/oauth2/v2.0/token`) {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        const p = new URLSearchParams(body);
        if (
          p.get('client_id') !== clientId ||
          p.get('client_secret') !== clientSecret ||
          p.get('grant_type') !== 'client_credentials'
        )
          return json(401, { error: 'invalid_client', error_codes: [7000215] });
        const token = randomBytes(16).toString('hex');
        tokens.add(token);
        json(200, { token_type: 'Bearer', expires_in: 3599, access_token: token });
      });
      return;
    }
    const m = /^\/v1\.0\/users\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && m) {
      if (fake.failNext) {
        const f = fake.failNext;
        fake.failNext = (f.times ?? 1) > 1 ? { ...f, times: (f.times ?? 1) - 1 } : undefined;
        return json(
          f.status,
          { error: { code: f.status === 429 ? 'TooManyRequests' : 'InvalidAuthenticationToken' } },
          f.retryAfter ? { 'retry-after': f.retryAfter } : {},
        );
      }
      const auth = req.headers.authorization ?? '';
      if (!tokens.has(auth.replace(/^Bearer /, '')))
        return json(401, { error: { code: 'InvalidAuthenticationToken' } });
      const user = fake.users.get(decodeURIComponent(m[1] ?? ''));
      if (!user) return json(404, { error: { code: 'Request_ResourceNotFound' } });
      const select = (url.searchParams.get('$select') ?? '').split(',').filter(Boolean);
      fake.selects.push(select);
      const unknown = unknownGraphProperty(select, registeredExtensions(fake.users.values()));
      if (unknown !== undefined) return json(400, unknownPropertyError(unknown));
      const out: Record<string, unknown> = {};
      for (const name of select) out[name] = user[name] ?? null;
      return json(200, out);
    }
    json(404, { error: { code: 'NotFound' } });
  });
  fake.baseUrl = await listenLocal(server);
  fake.close = () => closeServer(server);
  return fake;
}
