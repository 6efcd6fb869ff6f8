import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { signWilmaUrl, verifyWilmaQuery } from '../../../src/upstream/wilma/wilma-hmac.ts';
import { closeServer, listenLocal } from './listen.ts';

/**
 * A fake Wilma speaking the MPASS protocol (https://wiki.eduuni.fi/display/OPHPALV/Wilma-integration) with its real signatures:
 * - `GET /mpass?redirectto=…[&forceauth=true]&h=…`: checks Passi's HMAC over `<base>/mpass?…` up to `&h=`,
 *   "logs in" `loginAs` and redirects to `redirectto` + `&userid=<id>` + `&h=<HMAC over that URL>`.
 * - `GET /external/mpass?username=…&nonce=<16>&h=…`: checks the HMAC and answers the user's JSON.
 * The HMAC code is Passi's own; the fake computes over the URL exactly as it received it.
 *
 * By default it listens on a local http port (`baseUrl` http://127.0.0.1:<port>, for an integration's
 * test-phase `settings.baseUrl`). With `tls` it serves https as a real Wilma does, under the host name an
 * integration names (`baseUrl` https://<hostname>, signatures over that address); the clients reach it at
 * `listening` (Chromium's host resolver rules, test-app's `upstreamFetch`).
 */
export interface FakeWilma {
  /** The address Passi and the browser use, and the signatures cover. */
  baseUrl: string;
  /** Where the server actually listens: 127.0.0.1 and its port. */
  listening: { host: string; port: number };
  /** The user the next login authenticates as (Wilma userid). */
  loginAs: string;
  users: Map<string, unknown>;
  /** What the fake saw: login requests (with forceauth) and user-data requests. */
  seen: {
    logins: { forceauth: boolean; signatureOk: boolean; redirectto: string | undefined }[];
    fetches: { username: string; signatureOk: boolean }[];
  };
  /** Overrides the answer status of `/external/mpass` (e.g. 500). */
  userDataStatus?: number;
  close(): Promise<void>;
}

/** Serve https under `hostname` with this key and certificate (its subjectAltName names the host). */
export interface FakeWilmaTls {
  hostname: string;
  privateKeyPem: string;
  certificatePem: string;
}

export async function startFakeWilma(secret: string, tls?: FakeWilmaTls): Promise<FakeWilma> {
  let baseUrl = '';
  const fake: FakeWilma = {
    baseUrl: '',
    listening: { host: '127.0.0.1', port: 0 },
    loginAs: '',
    users: new Map(),
    seen: { logins: [], fetches: [] },
    close: () => closeServer(server),
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const rawQuery = q < 0 ? '' : raw.slice(q + 1);
    const signed = verifyWilmaQuery(secret, `${baseUrl}${path}`, rawQuery);
    const params = new URLSearchParams(signed ?? rawQuery);
    if (path === '/mpass') {
      const forceauth = params.get('forceauth') === 'true';
      const redirectto = params.get('redirectto');
      fake.seen.logins.push({
        forceauth,
        signatureOk: signed !== undefined,
        redirectto: redirectto ?? undefined,
      });
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
  };
  const server: Server = tls
    ? createHttpsServer({ key: tls.privateKeyPem, cert: tls.certificatePem }, handle)
    : createServer(handle);
  const local = new URL(await listenLocal(server));
  fake.listening = { host: local.hostname, port: Number(local.port) };
  baseUrl = tls ? `https://${tls.hostname}` : local.origin;
  fake.baseUrl = baseUrl;
  return fake;
}
