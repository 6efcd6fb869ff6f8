import type { Language } from '../../core/language.ts';
import { renderPage } from '../../http/render/layout.tsx';

/**
 * Texts of the RP-initiated logout confirmation (OIDC RP-Initiated Logout 1.0 §2). Kept here until the
 * shared catalogues (src/i18n) take them; the other OIDC pages use the shared catalogue.
 */
const LOGOUT_TEXT: Record<Language, { question: string; yes: string; no: string }> = {
  fi: { question: 'Haluatko kirjautua ulos Passista?', yes: 'Kirjaudu ulos', no: 'Pysy kirjautuneena' },
  sv: { question: 'Vill du logga ut från Passi?', yes: 'Logga ut', no: 'Förbli inloggad' },
  en: { question: 'Do you want to log out of Passi?', yes: 'Log out', no: 'Stay logged in' },
};

/**
 * The logout confirmation. `form` is the `<form id="op.logoutForm">` oidc-provider generates (its action
 * and an xsrf token only, no user input), so it is inserted as HTML; the buttons submit it by `form=`.
 */
export function renderLogoutConfirmPage(input: { lang: Language; form: string }): string {
  const text = LOGOUT_TEXT[input.lang];
  return renderPage({ lang: input.lang, title: text.question }, () => (
    <>
      <h1>{text.question}</h1>
      <div dangerouslySetInnerHTML={{ __html: input.form }} />
      <p>
        <button type="submit" form="op.logoutForm" name="logout" value="yes">
          {text.yes}
        </button>{' '}
        <button type="submit" form="op.logoutForm">
          {text.no}
        </button>
      </p>
    </>
  ));
}

/** After logout without a registered return address (OIDC RP-Initiated Logout 1.0 §3). */
export function renderLoggedOutPage(input: { lang: Language }): string {
  return renderPage({ lang: input.lang, title: (t) => t['logout.title'] }, (t) => (
    <>
      <h1>{t['logout.title']}</h1>
      <p>{t['logout.body']}</p>
    </>
  ));
}
