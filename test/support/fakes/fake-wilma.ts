import { createServer, type Server } from 'node:http';
import { signWilmaUrl, verifyWilmaQuery } from '../../../src/upstream/wilma/wilma-hmac.ts';
import { closeServer, listenLocal } from './listen.ts';

/**
 * A fake Wilma speaking the MPASS protocol (https://wiki.eduuni.fi/display/OPHPALV/Wilma-integration) with its real signatures:
 * - `GET /mpass?redirectto=…[&forceauth=true]&h=…`: checks Passi's HMAC over `<base>/mpass?…` up to `&h=`,
 *   "logs in" `loginAs` and redirects to `redirectto` + `&userid=<id>` + `&h=<HMAC over that URL>`.
 * - `GET /external/mpass?username=…&nonce=<16>&h=…`: checks the HMAC and answers the user's JSON.
 * The HMAC code is Passi's own; the fake computes over the URL exactly as it received it.
 */
export interface FakeWilma {
  baseUrl: string;
  /** The user the next login authenticates as (Wilma userid). */
  loginAs: string;
  users: Map<string, unknown>;
  /** What the fake saw: login requests (with forceauth) and user-data requests. */
  seen: {
    logins: { forceauth: boolean; signatureOk: boolean }[];
    fetches: { username: string; signatureOk: boolean }[];
  };
  /** Overrides the answer status of `/external/mpass` (e.g. 500). */
  userDataStatus?: number;
  close(): Promise<void>;
}

export async function startFakeWilma(secret: string): Promise<FakeWilma> {
  let baseUrl = '';
  const fake: FakeWilma = {
    baseUrl: '',
    loginAs: '',
    users: new Map(),
    seen: { logins: [], fetches: [] },
    close: () => closeServer(server),
  };
  const server: Server = createServer((req, res) => {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const rawQuery = q < 0 ? '' : raw.slice(q + 1);
    const signed = verifyWilmaQuery(secret, `${baseUrl}${path}`, rawQuery);
    const params = new URLSearchParams(signed ?? rawQuery);
    if (path === '/mpass') {
      const forceauth = params.get('forceauth') === 'true';
      fake.seen.logins.push({ forceauth, signatureOk: signed !== undefined });
      const redirectto = params.get('redirectto');
      if (signed === undefined || !redirectto) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('MPASS: invalid signature');
        return;
      }
      const back = `${redirectto}${redirectto.includes('?') ? '&' : '?'}userid=${encodeURIComponent(fake.loginAs)}`;
      res.writeHead(302, { location: signWilmaUrl(secret, back) }).end();
      return;
    }
    if (path === '/external/mpass') {
      const username = params.get('username') ?? '';
      fake.seen.fetches.push({ username, signatureOk: signed !== undefined });
      if (signed === undefined || !/^[A-Za-z0-9]{16}$/.test(params.get('nonce') ?? '')) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('MPASS: invalid signature');
        return;
      }
      const user = fake.users.get(username);
      if (fake.userDataStatus) {
        res.writeHead(fake.userDataStatus).end();
        return;
      }
      if (user === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('[]');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(user));
      return;
    }
    res.writeHead(404).end();
  });
  baseUrl = await listenLocal(server);
  fake.baseUrl = baseUrl;
  return fake;
}
