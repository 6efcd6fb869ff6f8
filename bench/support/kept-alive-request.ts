import http from 'node:http';

export interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}

/**
 * Errors of a connection the server closed while the request was on its way: on a kept-alive connection
 * this is the race between the server closing it after its idle timeout and the client reusing it.
 */
const CLOSED_UNDER_US = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

const codeOf = (e: unknown): unknown => (e instanceof Error ? Reflect.get(e, 'code') : undefined);

/**
 * One HTTP/1.1 request over a kept-alive agent, as a browser sends it. When the server closed a reused
 * connection before answering (it had been idle as long as the server keeps one), the request is sent once
 * more on a new connection, as browsers do (Chromium's HttpNetworkTransaction resends a request whose
 * reused connection was reset or closed before any answer; RFC 9112 §9.3.1; Node's documentation of
 * `request.reusedSocket` gives the same advice), and `onRetry` is told. Any other error, or the same error
 * on a new connection, rejects, naming the request.
 */
export function keptAliveRequest(
  agent: http.Agent,
  url: URL,
  init: RequestInit,
  onRetry?: (what: string) => void,
): Promise<RawAnswer> {
  const method = init.method ?? 'GET';
  const what = `${method} ${url.origin}${url.pathname}`;
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
  const attempt = (retried: boolean): Promise<RawAnswer> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method,
          headers,
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => reject(new Error(`${what}: ${String(e)}`)));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              rawHeaders: res.rawHeaders,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', (e) => {
        const code = codeOf(e);
        if (!retried && req.reusedSocket && typeof code === 'string' && CLOSED_UNDER_US.has(code)) {
          onRetry?.(`${what} (${code})`);
          resolve(attempt(true));
          return;
        }
        reject(new Error(`${what}${req.reusedSocket ? ' (a reused connection)' : ''}: ${String(e)}`));
      });
      req.end(init.body);
    });
  return attempt(false);
}
