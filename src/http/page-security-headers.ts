/**
 * The security headers of the pages and protocol surfaces: nonce-based CSP, no framing (clickjacking,
 * RFC 9700 §4.16), no referrer (codes in URLs), and the rest of helmet 8's defaults. They are exactly what
 * @fastify/helmet 13 sent for these surfaces (page-security-headers.test.ts compares the two), written from
 * a table made once: with CSP nonces on, @fastify/helmet builds helmet's whole middleware again for every
 * request and draws each nonce with its own OpenSSL call, a cost on every step of every login
 * (docs/performance.md "Proxied login, round 4"). The admin API, which has no nonces, keeps @fastify/helmet.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { createRandomPool } from '../core/random-pool.ts';

/**
 * CSP (CSP Level 3): scripts only with this response's nonce, styles from Passi itself; form posts go to
 * registered service addresses (SAML HTTP-POST binding) and to schools' IdPs, hence `form-action *`.
 */
function pageCsp(scriptNonce: string, styleNonce: string): string {
  return (
    "default-src 'self';base-uri 'none';font-src 'self' https: data:;form-action *;" +
    "frame-ancestors 'none';img-src 'self' data:;object-src 'none';" +
    `script-src 'nonce-${scriptNonce}';script-src-attr 'none';style-src 'self' 'nonce-${styleNonce}'`
  );
}

/** The other headers, in the order and spelling helmet writes them. */
const PAGE_HEADERS: readonly (readonly [name: string, value: string])[] = [
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

/** Bytes per nonce: 128 bits, as @fastify/helmet drew them. */
const NONCE_BYTES = 16;

/**
 * Sets the headers on every response of `scope` and gives each reply its nonces as `reply.cspNonce`
 * (send-action.ts `cspNonce`), the decorator @fastify/helmet offered.
 */
export function installPageSecurityHeaders(scope: FastifyInstance): void {
  // One OpenSSL call per 128 responses instead of two per response.
  const nonces = createRandomPool();
  const nonce = () => nonces.hex(NONCE_BYTES);
  // Fastify's decorators guide: a reference-typed decorator starts as null and is set per request in a
  // hook (the type @fastify/helmet declares for it has no null).
  scope.decorateReply('cspNonce', null as unknown as FastifyReply['cspNonce']);
  scope.addHook('onRequest', (_request, reply, done) => {
    const script = nonce();
    const style = nonce();
    reply.cspNonce = { script, style };
    const res = reply.raw;
    res.setHeader('Content-Security-Policy', pageCsp(script, style));
    for (const [name, value] of PAGE_HEADERS) res.setHeader(name, value);
    res.removeHeader('X-Powered-By');
    done();
  });
}
