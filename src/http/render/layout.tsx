import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { LANGUAGES, type Language } from '../../core/language.ts';
import { type Messages, messages } from '../../i18n/messages.ts';

export interface PageOptions {
  lang: Language;
  /** Page title (before " – Passi"); a function gets the page's catalogue. */
  title: string | ((t: Messages) => string);
  /** Path + query of this page without `lang`, for the language switcher. */
  selfPath?: string;
  /** CSP nonce for an inline script, when the page has one. */
  nonce?: string;
  /** Marks the page as Passi's own (school login pages use a different frame). */
  variant?: 'passi' | 'school';
}

/**
 * The frame of every page a person sees: `lang` attribute, skip link, landmarks, language switcher,
 * stylesheet from Passi itself (CSP `style-src 'self'`). Text is escaped by preact (a `"><script>`
 * payload renders inert).
 */
export function renderPage(options: PageOptions, body: (t: Messages) => ComponentChildren): string {
  const t = messages(options.lang);
  const html = renderToString(
    <html lang={options.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${typeof options.title === 'function' ? options.title(t) : options.title} – Passi`}</title>
        <link rel="stylesheet" href="/assets/passi.css" />
      </head>
      <body class={options.variant === 'school' ? 'school' : 'passi'}>
        <a class="skip" href="#main">
          {t['layout.skip']}
        </a>
        <header class="site">
          <span class="brand">
            {options.variant === 'school' ? t['layout.schoolProduct'] : t['layout.product']}
          </span>
          {options.selfPath ? (
            <LanguageSwitcher lang={options.lang} selfPath={options.selfPath} t={t} />
          ) : null}
        </header>
        <main id="main" tabIndex={-1}>
          {body(t)}
        </main>
        <footer class="site">{t['layout.footer']}</footer>
      </body>
    </html>,
  );
  return `<!doctype html>${html}`;
}

function LanguageSwitcher(props: { lang: Language; selfPath: string; t: Messages }) {
  return (
    <nav class="langs" aria-label={props.t['lang.switch']}>
      <ul>
        {LANGUAGES.map((l) => (
          <li key={l}>
            <a
              href={withLang(props.selfPath, l)}
              lang={l}
              hrefLang={l}
              aria-current={l === props.lang ? 'true' : undefined}
            >
              {messages(l)['lang.name']}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function withLang(path: string, lang: Language): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}
