import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { LANGUAGES, type Language } from '../../core/language.ts';
import { withLang } from '../../http/render/layout.tsx';
import { type Messages, messages } from '../../i18n/messages.ts';
import type { PortalRole } from '../domain/roles.ts';

export const PORTAL_STYLESHEET = '/portal/assets/portal.css';
export const PORTAL_PASSKEY_SCRIPT = '/portal/assets/passkey.js';

/** Who is signed in, for which organisation, in which role: shown on every signed-in page. */
export interface WhoBox {
  name: string;
  email: string;
  /** The session's organisation: its page is linked from the bar (operators: the list of all). */
  organisationId?: string;
  organisationName: string;
  role: PortalRole;
  csrf: string;
  /** The person's other organisations and roles, to switch to. */
  others?: { value: string; label: string }[];
}

export interface PortalPageOptions {
  lang: Language;
  title: (t: Messages) => string;
  /** This page's path and query, for the language switcher. */
  selfPath: string;
  who?: WhoBox;
  /** A script file of the portal's own, with the response's CSP nonce (never inline). */
  script?: { src: string; nonce: string };
}

/**
 * The management portal's frame: a work tool, visibly not a login page (dark header bar, left-aligned
 * wide layout, its own stylesheet). WCAG 2.1 AA: `lang`, skip link, landmarks, visible focus, text
 * contrast ≥ 4.5:1, no JavaScript needed.
 */
export function renderPortalPage(
  options: PortalPageOptions,
  body: (t: Messages) => ComponentChildren,
): string {
  const t = messages(options.lang);
  const who = options.who;
  const html = renderToString(
    <html lang={options.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${options.title(t)} – ${t['portal.product']}`}</title>
        <link rel="stylesheet" href={PORTAL_STYLESHEET} />
        {options.script ? <script src={options.script.src} nonce={options.script.nonce} defer /> : null}
      </head>
      <body class="portal">
        <a class="skip" href="#main">
          {t['layout.skip']}
        </a>
        <header class="bar">
          <a class="product" href="/portal/">
            {t['portal.product']}
          </a>
          {who ? (
            <section class="who" aria-label={t['portal.who.label']}>
              <p>
                <span class="who-name">{who.name || who.email}</span>{' '}
                <span class="who-email">({who.email})</span>
              </p>
              <p>
                {t['portal.who.organisation']}: <strong class="who-org">{who.organisationName}</strong>
                {' · '}
                {t['portal.who.role']}: <strong class="who-role">{t[`portal.role.${who.role}`]}</strong>
              </p>
              <p>
                <a href="/portal/tokens">{t['portal.nav.tokens']}</a>
                {who.organisationId ? <OrganisationLink who={who} t={t} /> : null}
                {who.role === 'operator' ? (
                  <>
                    {' · '}
                    <a href="/portal/operator/applications">{t['portal.nav.applications']}</a>
                  </>
                ) : null}
              </p>
              {who.others?.length ? (
                <form method="post" action="/portal/organisation" class="switch">
                  <input type="hidden" name="csrf" value={who.csrf} />
                  <label for="membership">{t['portal.who.switch']}</label>{' '}
                  <select id="membership" name="membership">
                    {who.others.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>{' '}
                  <button type="submit" class="link-button">
                    {t['portal.who.switchButton']}
                  </button>
                </form>
              ) : null}
              <form method="post" action="/portal/sign-out">
                <input type="hidden" name="csrf" value={who.csrf} />
                <button type="submit" class="link-button">
                  {t['portal.signOut']}
                </button>
              </form>
            </section>
          ) : null}
          <nav class="langs" aria-label={t['lang.switch']}>
            <ul>
              {LANGUAGES.map((l) => (
                <li key={l}>
                  <a
                    href={withLang(options.selfPath, l)}
                    lang={l}
                    hrefLang={l}
                    aria-current={l === options.lang ? 'true' : undefined}
                  >
                    {messages(l)['lang.name']}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          {body(t)}
        </main>
        <footer class="bar-footer">{t['portal.footer']}</footer>
      </body>
    </html>,
  );
  return `<!doctype html>${html}`;
}

/** "Organisation" to the session's organisation page; operators get the list of all organisations. */
function OrganisationLink(props: { who: WhoBox; t: Messages }) {
  const { who, t } = props;
  return (
    <>
      {' · '}
      {who.role === 'operator' ? (
        <a href="/portal/organisations">{t['portal.nav.organisations']}</a>
      ) : (
        <a href={`/portal/organisation/${encodeURIComponent(who.organisationId ?? '')}`}>
          {t['portal.nav.organisation']}
        </a>
      )}
    </>
  );
}
