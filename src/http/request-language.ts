import type { FastifyRequest } from 'fastify';
import type { Language } from '../core/language.ts';
import { LANGUAGE_COOKIE, negotiateLanguage } from '../i18n/negotiate-language.ts';

/** Page language for a request: `lang`/`ui_locales` query, language cookie, Accept-Language, Finnish. */
export function requestLanguage(request: FastifyRequest, preferred?: Language): Language {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return negotiateLanguage({
    lang: str(query.lang) ?? preferred,
    uiLocales: str(query.ui_locales),
    cookie: request.cookies?.[LANGUAGE_COOKIE],
    acceptLanguage: request.headers['accept-language'],
  });
}
