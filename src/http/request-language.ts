import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '../core/language.ts';
import { LANGUAGE_COOKIE, negotiateLanguage } from '../i18n/negotiate-language.ts';

/**
 * Page language for a request: `lang`/`ui_locales` query, then the language cookie (the most
 * recent explicit choice: the user's switch, or the service's `lang` stored at SSO), then the language the
 * login's service asked for (`preferred`), then Accept-Language, then Finnish.
 */
export function requestLanguage(request: FastifyRequest, preferred?: Language): Language {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return negotiateLanguage({
    lang: str(query.lang),
    uiLocales: str(query.ui_locales),
    cookie: request.cookies?.[LANGUAGE_COOKIE] ?? preferred,
    acceptLanguage: request.headers['accept-language'],
  });
}

/** Stores an explicit language choice for the pages that follow. */
export function rememberLanguage(reply: FastifyReply, lang: Language): void {
  reply.setCookie(LANGUAGE_COOKIE, lang, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    maxAge: 365 * 86_400,
  });
}
