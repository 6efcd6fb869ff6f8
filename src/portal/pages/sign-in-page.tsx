import type { Language } from '../../core/language.ts';
import { renderPortalPage } from './portal-layout.tsx';

export type SignInNotice = 'invalid' | 'locked' | 'ended' | 'signedOut' | 'accountReady';

/** Sign-in: e-mail, password and a code from the authenticator app (or a recovery code). */
export function renderSignInPage(input: {
  lang: Language;
  formToken: string;
  email?: string;
  notice?: SignInNotice;
}): string {
  const error = input.notice === 'invalid' || input.notice === 'locked';
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.signIn.title'], selfPath: '/portal/sign-in' },
    (t) => (
      <>
        <h1>{t['portal.signIn.title']}</h1>
        {input.notice ? (
          <div class={error ? 'notice error' : 'notice'} role={error ? 'alert' : 'status'}>
            <p>{t[`portal.signIn.notice.${input.notice}`]}</p>
          </div>
        ) : null}
        <form method="post" action="/portal/sign-in" class="stack">
          <input type="hidden" name="form" value={input.formToken} />
          <label for="email">{t['portal.field.email']}</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
            maxLength={254}
            value={input.email ?? ''}
          />
          <label for="password">{t['portal.field.password']}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            maxLength={256}
          />
          <label for="code">{t['portal.field.code']}</label>
          <p id="code-help" class="help">
            {t['portal.signIn.codeHelp']}
          </p>
          <input
            id="code"
            name="code"
            type="text"
            inputMode="text"
            autocomplete="one-time-code"
            aria-describedby="code-help"
            required
            maxLength={20}
          />
          <button type="submit">{t['portal.signIn.submit']}</button>
        </form>
      </>
    ),
  );
}
