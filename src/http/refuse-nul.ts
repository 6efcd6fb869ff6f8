import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../core/error-codes.ts';
import { PassiError } from '../core/errors.ts';

/**
 * NUL is in no protocol value Passi accepts (SAML RelayState, OIDC state/nonce/login_hint/ui_locales,
 * form fields, Passi's cookies), PostgreSQL text cannot hold it, and XML 1.0 §2.2 excludes it. A request
 * carrying one is refused with 400 and a clear message before any handler sees it, rather than failing
 * later in the store as an internal error. oidc-provider's form bodies are checked where they are read
 * (downstream/oidc-op/replayed-form-body.ts) with the same two functions.
 */
export function installNulRefusal(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    // %00 in the path or query (a raw NUL never gets past Node's HTTP parser).
    if (/%00/i.test(request.url)) throw refused('the address');
    if (passiCookiesHoldNul(request)) throw refused('a cookie');
  });
  app.addHook('preValidation', async (request) => {
    if (holdsNul(request.body, 0)) throw refused('the form');
  });
}

export function refused(where: string): PassiError {
  return new PassiError(ErrorCodes.REQUEST_INVALID, `${where} contains a NUL character`, {
    detail: { reason: 'NUL character' },
  });
}

function passiCookiesHoldNul(request: FastifyRequest): boolean {
  const cookies = request.cookies ?? {};
  for (const name in cookies) {
    if (Object.hasOwn(cookies, name) && name.includes('passi') && cookies[name]?.includes('\u0000'))
      return true;
  }
  return false;
}

/**
 * Strings in a parsed body (form fields, JSON); nesting is bounded by the parsers' own limits. Own keys
 * read in place, not copied into entry pairs: this runs on every request.
 */
export function holdsNul(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value !== 'object' || value === null || depth > 32) return false;
  // Bytes are no fields: a form kept as bytes (the OIDC scope's) is checked where it is parsed
  // (downstream/oidc-op/replayed-form-body.ts). Walking them key by key found nothing and cost about
  // 0.1–0.2 µs a byte (45–77 ms for a body at the protocol surface's 256 KB limit).
  if (ArrayBuffer.isView(value)) return false;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (key.includes('\u0000') || holdsNul(record[key], depth + 1)) return true;
  }
  return false;
}
