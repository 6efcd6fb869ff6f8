import type { Language } from '../core/language.ts';
import { renderPage } from '../http/render/layout.tsx';

/** The attribute test service's start page: log in over SAML or OIDC, optionally naming a flow. */
export function renderStartPage(lang: Language, options: { oidc: boolean }): string {
  return renderPage({ lang, title: (t) => t['ts.title'], selfPath: '/test-service/' }, (t) => (
    <>
      <h1>{t['ts.title']}</h1>
      <p>{t['ts.intro']}</p>
      <form method="get" action="/test-service/saml/login">
        <input type="hidden" name="lang" value={lang} />
        <label for="flow">{t['ts.flow']}</label>
        <input
          type="text"
          id="flow"
          name="flow"
          maxLength={64}
          pattern="[A-Za-z][A-Za-z0-9_-]{0,63}"
          aria-describedby="flow-help"
        />
        <p id="flow-help">{t['ts.flowHelp']}</p>
        <p>
          <button type="submit">{t['ts.loginSaml']}</button>{' '}
          {options.oidc ? (
            <button type="submit" formaction="/test-service/oidc/login">
              {t['ts.loginOidc']}
            </button>
          ) : null}
        </p>
      </form>
    </>
  ));
}
