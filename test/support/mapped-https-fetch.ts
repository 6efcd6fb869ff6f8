import { request } from 'node:https';
import { Readable } from 'node:stream';
import type { FetchLike } from '../../src/outbound/outbound-fetch.ts';

/** Statuses whose Response may not have a body (Fetch standard "null body status"). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

export interface MappedHttpsHost {
  /** The host name the integration names (`https://<hostname>/…`). */
  hostname: string;
  /** Where that host listens in this test. */
  to: { host: string; port: number };
  /** The test certificate to trust (a self-signed certificate is its own CA). */
  caPem: string;
}

/**
 * Passi's transport in a test whose school server is a local fake under a real-looking host name: an
 * `https://<hostname>/…` request connects to the fake's port and verifies its certificate against the
 * test certificate for that host name (servername, subjectAltName), as a real TLS client would. The
 * test network's DNS for one name, in other words, not a switch that skips verification; any other
 * address is refused, so a test cannot reach the network by accident.
 */
export function mappedHttpsFetch(mapped: MappedHttpsHost): FetchLike {
  return (url, init) => {
    const u = new URL(url);
    if (u.protocol !== 'https:' || u.hostname !== mapped.hostname || (u.port !== '' && u.port !== '443'))
      return Promise.reject(new TypeError(`mappedHttpsFetch serves https://${mapped.hostname} only`));
    const body = init.body;
    if (body !== undefined && body !== null && typeof body !== 'string')
      return Promise.reject(new TypeError('mappedHttpsFetch sends text bodies only'));
    const headers: Record<string, string> = { host: mapped.hostname };
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        {
          host: mapped.to.host,
          port: mapped.to.port,
          path: `${u.pathname}${u.search}`,
          method: init.method ?? 'GET',
          headers,
          servername: mapped.hostname,
          ca: mapped.caPem,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const out = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
              out.append(name, v);
          }
          const stream = NULL_BODY_STATUSES.has(status) ? null : Readable.toWeb(res);
          if (stream === null) res.resume();
          resolve(new Response(stream as ReadableStream<Uint8Array> | null, { status, headers: out }));
        },
      );
      req.on('error', reject);
      req.end(body ?? undefined);
    });
  };
}
