import type { Language } from '../../core/language.ts';
import { renderPortalPage } from './portal-layout.tsx';

export const EXTERNAL_START_PATH = '/portal/sign-in/oidc';
export const EXTERNAL_CODE_PATH = '/portal/sign-in/oidc/code';

/** The one refusal for every failed external sign-in: it never says which check failed. */
export function renderExternalRefusedPage(input: { lang: Language }): string {
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.external.refused.title'], selfPath: '/portal/sign-in' },
    (t) => (
      <>
        <h1>{t['portal.external.refused.title']}</h1>
        <div class="notice error" role="alert">
          <p>{t['portal.external.refused.text']}</p>
        </div>
        <p>
          <a href="/portal/sign-in">{t['portal.external.back']}</a>
        </p>
      </>
    ),
  );
}

/**
 * After the provider's answer: a plain link into the portal. The session cookie is SameSite=Strict, so a
 * redirect in the chain the provider started would arrive without it (RFC 6265bis §5.2.1); a click on
 * Passi's own page is a same-site navigation.
 */
export function renderExternalDonePage(input: { lang: Language }): string {
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.external.done.title'], selfPath: '/portal/' },
    (t) => (
      <>
        <h1>{t['portal.external.done.title']}</h1>
        <p>
          <a href="/portal/">{t['portal.external.done.continue']}</a>
        </p>
      </>
    ),
  );
}

/** The person's own Passi code after the provider's sign-in (when it does not count as both factors). */
export function renderExternalCodePage(input: {
  lang: Language;
  formToken: string;
  notice?: 'invalid' | 'locked';
}): string {
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.external.code.title'], selfPath: EXTERNAL_CODE_PATH },
    (t) => (
      <>
        <h1>{t['portal.external.code.title']}</h1>
        {input.notice ? (
          <div class="notice error" role="alert">
            <p>{t[`portal.signIn.notice.${input.notice}`]}</p>
          </div>
        ) : null}
        <p>{t['portal.external.code.intro']}</p>
        <form method="post" action={EXTERNAL_CODE_PATH} class="stack">
          <input type="hidden" name="form" value={input.formToken} />
          <label for="code">{t['portal.field.code']}</label>
          <p id="code-help" class="help">
            {t['portal.signIn.codeHelp']}
          </p>
          <input
            id="code"
            name="code"
            type="text"
            autocomplete="one-time-code"
            aria-describedby="code-help"
            required
            maxLength={20}
          />
          <button type="submit">{t['portal.external.code.submit']}</button>
        </form>
      </>
    ),
  );
}
