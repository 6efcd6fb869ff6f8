import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * GET with an explicit Host header. Puavo selects the organisation by Host (docs/integrations/opinsys.md: `Host: <domain>` against
 * api.opinsys.fi); fetch (undici) always sends the URL's host, so node:http(s) is used. TLS still verifies
 * the URL's host name (servername), not the Host header.
 */
export function puavoGet(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      {
        method: 'GET',
        headers,
        timeout: timeoutMs,
        ...(u.protocol === 'https:' ? { servername: u.hostname } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > 1_000_000) req.destroy(new Error('response too large'));
          else chunks.push(c);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
