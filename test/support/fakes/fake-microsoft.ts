import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { registeredExtensions, unknownGraphProperty, unknownPropertyError } from './graph-user-resource.ts';

/**
 * A fake Microsoft identity platform token endpoint + Microsoft Graph (what cannot run here), as documented:
 * - `POST /<tenant>/oauth2/v2.0/token` (client credentials, scope https://graph.microsoft.com/.default)
 *   → `{token_type, expires_in, access_token}`; a wrong secret → 401 `invalid_client` with AADSTS7000215.
 * - `GET /v1.0/users/<id>?$select=a,b` with the Bearer token → only the selected properties (case-sensitive),
 *   `@odata.context` like Graph; unknown user → 404 `Request_ResourceNotFound`; a selected name that is not
 *   a property of the user resource (or a registered extension) → 400 `Request_BadRequest`, as Graph does.
 * `failNext` makes the next Graph calls answer a status (401/403/429/503); 429 carries `Retry-After`.
 */
export interface FakeMicrosoft {
  tenants: Map<string, { clientId: string; clientSecret: string }>;
  users: Map<string, Record<string, unknown>>;
  failNext: { status: number; retryAfter?: string }[];
  tokenRequests: number;
  graphRequests: { path: string; select: string | null }[];
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

export function createFakeMicrosoft(): FakeMicrosoft {
  const tokens = new Set<string>();
  const fake: FakeMicrosoft = {
    tenants: new Map(),
    users: new Map(),
    failNext: [],
    tokenRequests: 0,
    graphRequests: [],
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://fake');
      const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
      if (token && req.method === 'POST') {
        fake.tokenRequests++;
        let body = '';
        req.on('data', (c: Buffer) => {
          body += c.toString();
        });
        req.on('end', () => {
          const form = new URLSearchParams(body);
          const tenant = fake.tenants.get(token[1] ?? '');
          const json = (status: number, value: unknown) =>
            res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
          if (!tenant) return json(400, { error: 'invalid_request', error_codes: [90002] });
          if (
            form.get('grant_type') !== 'client_credentials' ||
            form.get('scope') !== 'https://graph.microsoft.com/.default'
          )
            return json(400, { error: 'invalid_request', error_codes: [900144] });
          if (form.get('client_id') !== tenant.clientId || form.get('client_secret') !== tenant.clientSecret)
            return json(401, { error: 'invalid_client', error_codes: [7000215] });
          const accessToken = randomBytes(24).toString('base64url');
          tokens.add(accessToken);
          return json(200, {
            token_type: 'Bearer',
            expires_in: 3599,
            ext_expires_in: 3599,
            access_token: accessToken,
          });
        });
        return true;
      }
      const user = /^\/v1\.0\/users\/([^/]+)$/.exec(url.pathname);
      if (user && req.method === 'GET') {
        const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
          res
            .writeHead(status, { 'content-type': 'application/json', ...headers })
            .end(JSON.stringify(value));
        fake.graphRequests.push({ path: url.pathname, select: url.searchParams.get('$select') });
        const fail = fake.failNext.shift();
        if (fail) {
          json(
            fail.status,
            { error: { code: `Fake${fail.status}`, message: 'fake failure' } },
            fail.retryAfter ? { 'retry-after': fail.retryAfter } : {},
          );
          return true;
        }
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!bearer || !tokens.has(bearer)) {
          json(401, { error: { code: 'InvalidAuthenticationToken' } });
          return true;
        }
        const found = fake.users.get(decodeURIComponent(user[1] ?? ''));
        if (!found) {
          json(404, { error: { code: 'Request_ResourceNotFound' } });
          return true;
        }
        const select = url.searchParams.get('$select')?.split(',') ?? Object.keys(found);
        const unknown = unknownGraphProperty(select, registeredExtensions(fake.users.values()));
        if (unknown !== undefined) {
          json(400, unknownPropertyError(unknown));
          return true;
        }
        const out: Record<string, unknown> = {
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users',
        };
        for (const name of select) out[name] = found[name] ?? null;
        json(200, out);
        return true;
      }
      return false;
    },
  };
  return fake;
}
