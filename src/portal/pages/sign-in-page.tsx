import type { Language } from '../../core/language.ts';
import { PORTAL_PASSKEY_SCRIPT, renderPortalPage } from './portal-layout.tsx';

export type SignInNotice = 'invalid' | 'locked' | 'ended' | 'signedOut' | 'accountReady' | 'noPasskey';

/**
 * Sign-in: e-mail, password and a code from the authenticator app (or a recovery code), or — with the
 * passkey script — the password and a passkey.
 */
export function renderSignInPage(input: {
  lang: Language;
  formToken: string;
  email?: string;
  notice?: SignInNotice;
  /** The response's CSP nonce, for the passkey script. */
  nonce?: string;
  /** The operator's external provider's name, when one is configured. */
  externalSignIn?: string;
}): string {
  const error = input.notice === 'invalid' || input.notice === 'locked' || input.notice === 'noPasskey';
  return renderPortalPage(
    {
      lang: input.lang,
      title: (t) => t['portal.signIn.title'],
      selfPath: '/portal/sign-in',
      script: input.nonce === undefined ? undefined : { src: PORTAL_PASSKEY_SCRIPT, nonce: input.nonce },
    },
    (t) => (
      <>
        <h1>{t['portal.signIn.title']}</h1>
        {input.notice ? (
          <div class={error ? 'notice error' : 'notice'} role={error ? 'alert' : 'status'}>
            <p>{t[`portal.signIn.notice.${input.notice}`]}</p>
          </div>
        ) : null}
        {input.externalSignIn ? (
          <p class="external-sign-in">
            <a href="/portal/sign-in/oidc">
              {t['portal.external.signInWith']} {input.externalSignIn}
            </a>
          </p>
        ) : null}
        <form
          method="post"
          action="/portal/sign-in"
          class="stack"
          data-passkey="sign-in"
          data-passkey-options="/portal/sign-in/passkey-options"
          data-passkey-failed={t['portal.passkey.failed']}
        >
          <input type="hidden" name="form" value={input.formToken} />
          <input type="hidden" name="passkey" value="" />
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
          {/* Shown by the passkey script only: a passkey needs the browser's WebAuthn API. */}
          <div id="passkey-sign-in" class="stack" hidden>
            <p id="passkey-help" class="help">
              {t['portal.signIn.passkeyHelp']}
            </p>
            <p id="passkey-status" class="field-error" role="alert" tabIndex={-1} hidden />
            <button id="passkey-button" type="button" aria-describedby="passkey-help">
              {t['portal.signIn.passkey']}
            </button>
          </div>
        </form>
        <p>
          <a href="/portal/join">{t['portal.join.link']}</a>
        </p>
      </>
    ),
  );
}
