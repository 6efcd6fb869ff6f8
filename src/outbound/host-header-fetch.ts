import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { FetchLike } from './outbound-fetch.ts';

/** Statuses whose Response may not have a body (Fetch standard "null body status"). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/**
 * A fetch-shaped transport on node:http(s) that sends the request headers as given, Host included. The
 * global fetch (undici) always sends the URL's host; Puavo selects the organisation by Host
 * (docs/integrations/opinsys.md). TLS still verifies the URL's host name (servername), not the Host
 * header. Timeout, size cap and redirects are the outbound client's (outbound-fetch.ts), which passes its
 * signal here; the body streams, so the cap stops reading as soon as it is exceeded.
 */
export const hostHeaderFetch: FetchLike = (url, init) => {
  const u = new URL(url);
  const https = u.protocol === 'https:';
  const request = https ? httpsRequest : httpRequest;
  const body = init.body;
  if (body !== undefined && body !== null && typeof body !== 'string') {
    return Promise.reject(new TypeError('hostHeaderFetch sends text bodies only'));
  }
  const requestHeaders: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    requestHeaders[name] = value;
  });
  return new Promise<Response>((resolve, reject) => {
    const req = request(
      u,
      {
        method: init.method ?? 'GET',
        headers: requestHeaders,
        ...(init.signal ? { signal: init.signal } : {}),
        ...(https ? { servername: u.hostname } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
        }
        try {
          const stream = NULL_BODY_STATUSES.has(status) ? null : Readable.toWeb(res);
          if (stream === null) res.resume();
          resolve(new Response(stream as ReadableStream<Uint8Array> | null, { status, headers }));
        } catch (e) {
          res.destroy();
          reject(e);
        }
      },
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
};
