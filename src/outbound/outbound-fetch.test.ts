import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/error-codes.ts';
import { PassiError } from '../core/errors.ts';
import { hostHeaderFetch } from './host-header-fetch.ts';
import { outboundErrorIn, RedirectRefusedError } from './outbound-errors.ts';
import { createOutboundClient, type OutboundClientOptions } from './outbound-fetch.ts';

const CAP = 10_000;

/** A real HTTP server on 127.0.0.1 with one route per behaviour under test. */
function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  switch (path) {
    case '/json':
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    case '/not-json':
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html>');
      return;
    case '/status-500':
      res.writeHead(500).end('broken');
      return;
    case '/never':
      // Headers never come: only the timeout ends this.
      return;
    case '/slow-body':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
      // …and the rest never comes.
      return;
    case '/chunked-forever':
      // No Content-Length (chunked): more than the cap, then the server keeps the stream open. Only
      // counting the bytes as they arrive can refuse this before the timeout.
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 4; i++) res.write('x'.repeat(CAP / 2));
      return;
    case '/gzip-bomb': {
      // Content-Length is honest about the compressed bytes (about 1 kB) but the decoded body is 1 MB.
      const packed = gzipSync(Buffer.alloc(1_000_000, 0x20));
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(packed.length),
      });
      res.end(packed);
      return;
    }
    case '/declared-large':
      res.writeHead(200, { 'content-length': String(CAP * 100) });
      res.write('x');
      return;
    case '/redirect':
      res.writeHead(302, { location: '/json' }).end();
      return;
    case '/redirect-loop':
      res.writeHead(302, { location: '/redirect-loop' }).end();
      return;
    case '/echo-host':
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ host: req.headers.host }));
      return;
    default:
      res.writeHead(404).end();
  }
}

describe('outbound client (against a real local HTTP server)', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const client = (over: Partial<OutboundClientOptions> = {}) =>
    createOutboundClient({ peer: 'Test school', limits: { timeoutMs: 3_000, maxBytes: CAP }, ...over });

  const failure = async (promise: Promise<unknown>): Promise<PassiError> => {
    const e = await promise.then(
      () => undefined,
      (error: unknown) => error,
    );
    if (!(e instanceof PassiError)) throw new Error(`expected a PassiError, got ${String(e)}`);
    return e;
  };

  it('reads a JSON answer', async () => {
    await expect(client().json(`${base}/json`)).resolves.toEqual({ ok: true });
  });

  it('a server that does not answer in time → UPSTREAM_UNREACHABLE (timeout)', async () => {
    const started = Date.now();
    const e = await failure(client({ limits: { timeoutMs: 300, maxBytes: CAP } }).json(`${base}/never`));
    expect(e.code).toBe(ErrorCodes.UPSTREAM_UNREACHABLE);
    expect(e.detail).toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('the timeout covers the body too, not only the headers', async () => {
    const e = await failure(client({ limits: { timeoutMs: 300, maxBytes: CAP } }).json(`${base}/slow-body`));
    expect(e.code).toBe(ErrorCodes.UPSTREAM_UNREACHABLE);
    expect(e.detail).toMatchObject({ reason: 'timeout' });
  });

  it('a chunked body (no Content-Length) over the cap is refused while it streams', async () => {
    const started = Date.now();
    const e = await failure(
      client({ limits: { timeoutMs: 20_000, maxBytes: CAP } }).json(`${base}/chunked-forever`),
    );
    expect(e.code).toBe(ErrorCodes.UPSTREAM_UNREACHABLE);
    expect(e.detail).toMatchObject({ reason: 'too-large' });
    // Refused on the bytes, not by the (long) timeout.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a body whose Content-Length understates it is refused on the bytes read (gzip: 1 kB on the wire, 1 MB decoded)', async () => {
    const e = await failure(client().json(`${base}/gzip-bomb`));
    expect(e.code).toBe(ErrorCodes.UPSTREAM_UNREACHABLE);
    expect(e.detail).toMatchObject({ reason: 'too-large' });
  });

  it('a body whose Content-Length lies (an injected transport) is refused on the bytes read', async () => {
    const lying = async () =>
      new Response(new Blob([new Uint8Array(CAP * 2)]).stream(), { headers: { 'content-length': '10' } });
    const e = await failure(client({ fetch: lying }).text('https://school.example/x'));
    expect(e.code).toBe(ErrorCodes.UPSTREAM_UNREACHABLE);
    expect(e.detail).toMatchObject({ reason: 'too-large', host: 'school.example' });
  });

  it('a declared Content-Length over the cap is refused before reading', async () => {
    const e = await failure(client().text(`${base}/declared-large`));
    expect(e.detail).toMatchObject({ reason: 'too-large' });
  });

  it('a 302 is refused by default (typed), and followed only when the caller asks', async () => {
    const e = await failure(client().json(`${base}/redirect`));
    expect(e).toBeInstanceOf(RedirectRefusedError);
    expect(e.code).toBe(ErrorCodes.UPSTREAM_FAILED);
    expect(e.detail).toMatchObject({ status: 302, redirect: true });
    await expect(client().json(`${base}/redirect`, { followRedirects: true })).resolves.toEqual({ ok: true });
    const loop = await failure(client().json(`${base}/redirect-loop`, { followRedirects: true }));
    expect(loop).toBeInstanceOf(RedirectRefusedError);
  });

  it('a refused connection → UPSTREAM_UNREACHABLE (refused)', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await failure(client().json(`http://127.0.0.1:${port}/json`));
    expect(e.code).toBe(ErrorCodes.UPSTREAM_UNREACHABLE);
    expect(e.detail).toMatchObject({ reason: 'refused', host: `127.0.0.1:${port}` });
  });

  it('a name that does not resolve → UPSTREAM_UNREACHABLE (dns)', async () => {
    // RFC 6761 §6.4: .invalid never resolves.
    const e = await failure(client().json('http://no-such-school.invalid/json'));
    expect(e.code).toBe(ErrorCodes.UPSTREAM_UNREACHABLE);
    expect(e.detail).toMatchObject({ reason: 'dns' });
  });

  it('a 500 → UPSTREAM_FAILED with the status in detail; send() hands any status to the caller', async () => {
    const e = await failure(client().json(`${base}/status-500`));
    expect(e.code).toBe(ErrorCodes.UPSTREAM_FAILED);
    expect(e.detail).toMatchObject({ status: 500 });
    const answer = await client().send(`${base}/status-500`);
    expect(answer).toMatchObject({ status: 500, ok: false });
    expect(answer.text()).toBe('broken');
  });

  it('a 2xx body that is not JSON → UPSTREAM_ANSWER_INVALID', async () => {
    const e = await failure(client().json(`${base}/not-json`));
    expect(e.code).toBe(ErrorCodes.UPSTREAM_ANSWER_INVALID);
  });

  it('a caller that is not a school uses its own codes and adds its own detail', async () => {
    const orgdata = client({
      ...orgdataCodes(),
      detail: { job: 'orgdata' },
    });
    expect((await failure(orgdata.json(`${base}/status-500`))).code).toBe(ErrorCodes.ORGDATA_FETCH_FAILED);
    expect((await failure(orgdata.json(`${base}/not-json`))).code).toBe(ErrorCodes.ORGDATA_INVALID);
    const timeout = await failure(
      client({ ...orgdataCodes(), limits: { timeoutMs: 200, maxBytes: CAP } }).json(`${base}/never`),
    );
    expect(timeout.code).toBe(ErrorCodes.ORGDATA_FETCH_FAILED);
    expect((await failure(orgdata.json(`${base}/status-500`))).detail).toMatchObject({ job: 'orgdata' });
  });

  it('an address that is not a web address is a configuration error, not a crash', async () => {
    expect((await failure(client().json('not a url'))).code).toBe(ErrorCodes.UPSTREAM_CONFIG_INVALID);
    expect((await failure(client().json('file:///etc/passwd'))).code).toBe(
      ErrorCodes.UPSTREAM_CONFIG_INVALID,
    );
  });

  it('https-only refuses an http address as a configuration error', async () => {
    const e = await failure(client({ httpsOnly: true }).json(`${base}/json`));
    expect(e.code).toBe(ErrorCodes.UPSTREAM_CONFIG_INVALID);
  });

  it('as a fetch for libraries: a Response with the buffered body, the same limits and codes', async () => {
    const f = client().fetch;
    const res = await f(`${base}/json`, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${base}/json`);
    await expect(res.json()).resolves.toEqual({ ok: true });
    const e = await f(`${base}/chunked-forever`, {}).catch((error: unknown) => error);
    // A library that wraps the error keeps it as the cause; outboundErrorIn finds it either way.
    expect(outboundErrorIn(new Error('wrapped', { cause: e }))?.detail).toMatchObject({
      reason: 'too-large',
    });
  });

  it("a caller's own abort is passed through unchanged (the library reports it)", async () => {
    const signal = AbortSignal.timeout(100);
    const e = await client()
      .fetch(`${base}/never`, { signal })
      .catch((error: unknown) => error);
    expect(e).not.toBeInstanceOf(PassiError);
    expect((e as Error).name).toBe('TimeoutError');
  });

  it('the Host-header transport sends the Host given and keeps the same limits', async () => {
    const c = client({ fetch: hostHeaderFetch });
    await expect(c.json(`${base}/echo-host`, { headers: { host: 'school.example' } })).resolves.toEqual({
      host: 'school.example',
    });
    expect((await failure(c.json(`${base}/chunked-forever`))).detail).toMatchObject({ reason: 'too-large' });
    expect((await failure(c.json(`${base}/redirect`))).detail).toMatchObject({ status: 302 });
    const slow = client({ fetch: hostHeaderFetch, limits: { timeoutMs: 300, maxBytes: CAP } });
    expect((await failure(slow.json(`${base}/never`))).detail).toMatchObject({ reason: 'timeout' });
  });
});

function orgdataCodes(): Partial<OutboundClientOptions> {
  return {
    codes: {
      unreachable: ErrorCodes.ORGDATA_FETCH_FAILED,
      failed: ErrorCodes.ORGDATA_FETCH_FAILED,
      invalid: ErrorCodes.ORGDATA_INVALID,
      config: ErrorCodes.CONFIG_INVALID,
    },
  };
}
