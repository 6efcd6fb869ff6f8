import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../core/language.ts';

export const LANGUAGE_COOKIE = 'passi_lang';

/**
 * Page language: the request's `lang` / `ui_locales`, then the language cookie, then
 * `Accept-Language`, then Finnish.
 */
export function negotiateLanguage(input: {
  lang?: string | undefined;
  uiLocales?: string | undefined;
  cookie?: string | undefined;
  acceptLanguage?: string | undefined;
}): Language {
  if (isLanguage(input.lang)) return input.lang;
  for (const tag of (input.uiLocales ?? '').split(/\s+/)) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  if (isLanguage(input.cookie)) return input.cookie;
  const ranked = (input.acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { base: tag.toLowerCase().split('-')[0], q: q ? Number(q) : 1, index };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranked) if (isLanguage(r.base)) return r.base;
  return DEFAULT_LANGUAGE;
}
