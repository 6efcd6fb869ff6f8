import type { Language } from '../../core/language.ts';
import type { AcceptProblem, LinkProblem, OpenInvitation } from '../commands/accept-invitation.ts';
import { PASSWORD_MIN_LENGTH } from '../domain/password.ts';
import { formatSecretForHumans } from '../domain/totp.ts';
import { PASSKEY_NAME_MAX } from '../domain/webauthn-relying-party.ts';
import { PORTAL_PASSKEY_SCRIPT, renderPortalPage } from './portal-layout.tsx';

/** The invitation link's page: set a name, a password and the authenticator app, in one form. */
export function renderInvitationPage(input: {
  lang: Language;
  token: string;
  formToken: string;
  invitation: OpenInvitation;
  organisationName: string;
  displayName?: string;
  problem?: AcceptProblem;
  /** The second factor chosen when the form is shown again. */
  factor?: 'totp' | 'passkey';
  passkeyName?: string;
  /** The response's CSP nonce, for the passkey script. */
  nonce?: string;
}): string {
  const inv = input.invitation;
  const selfPath = `/portal/invitation?token=${encodeURIComponent(input.token)}`;
  const usePasskey = input.factor === 'passkey';
  type Field = 'name' | 'password' | 'code' | 'passkey';
  const problemFor = (field: Field) =>
    input.problem && (input.problem === field || input.problem.startsWith(`${field}.`))
      ? input.problem
      : undefined;
  const script = input.nonce === undefined ? undefined : { src: PORTAL_PASSKEY_SCRIPT, nonce: input.nonce };
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.invitation.title'], selfPath, script },
    (t) => {
      const error = (field: Field) => {
        const p = problemFor(field);
        return p ? (
          <p id={`${field}-error`} class="field-error">
            {t[`portal.invitation.problem.${p}`]}
          </p>
        ) : null;
      };
      const described = (field: Field, help?: string) =>
        [help, problemFor(field) ? `${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
      return (
        <>
          <h1>{t['portal.invitation.title']}</h1>
          <p>
            {t['portal.invitation.intro']
              .replace('{email}', inv.email)
              .replace('{organisation}', input.organisationName)
              .replace('{role}', t[`portal.role.${inv.role}`])}
          </p>
          {input.problem ? (
            <div class="notice error" role="alert">
              <p>{t['portal.invitation.fix']}</p>
            </div>
          ) : null}
          <form
            method="post"
            action="/portal/invitation"
            class="stack"
            data-passkey="enrol"
            data-passkey-options="/portal/invitation/passkey-options"
            data-passkey-failed={t['portal.passkey.failed']}
          >
            <input type="hidden" name="form" value={input.formToken} />
            <input type="hidden" name="passkey" value="" />
            <input type="hidden" name="token" value={input.token} />
            <input type="text" name="username" autocomplete="username" value={inv.email} hidden readOnly />
            <label for="name">{t['portal.field.name']}</label>
            {error('name')}
            <input
              id="name"
              name="name"
              type="text"
              autocomplete="name"
              required
              maxLength={200}
              value={input.displayName ?? ''}
              aria-invalid={problemFor('name') ? 'true' : undefined}
              aria-describedby={described('name')}
            />
            <label for="password">{t['portal.field.newPassword']}</label>
            <p id="password-help" class="help">
              {t['portal.invitation.passwordHelp'].replace('{n}', String(PASSWORD_MIN_LENGTH))}
            </p>
            {error('password')}
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              maxLength={256}
              aria-invalid={problemFor('password') ? 'true' : undefined}
              aria-describedby={described('password', 'password-help')}
            />
            <label for="password2">{t['portal.field.passwordAgain']}</label>
            <input
              id="password2"
              name="password2"
              type="password"
              autocomplete="new-password"
              required
              maxLength={256}
            />
            {/* Shown by the passkey script only: without it the authenticator app is the second factor. */}
            <fieldset id="factor-choice" class="factor-choice" hidden>
              <legend>{t['portal.invitation.factorLegend']}</legend>
              <p>
                <input id="factor-totp" type="radio" name="factor" value="totp" checked={!usePasskey} />{' '}
                <label for="factor-totp">{t['portal.invitation.factorTotp']}</label>
              </p>
              <p>
                <input
                  id="factor-passkey"
                  type="radio"
                  name="factor"
                  value="passkey"
                  checked={usePasskey}
                  aria-describedby={problemFor('passkey') ? 'passkey-error' : undefined}
                />{' '}
                <label for="factor-passkey">{t['portal.invitation.factorPasskey']}</label>
              </p>
            </fieldset>
            <div id="totp-section" class="stack">
              <h2>{t['portal.invitation.totpTitle']}</h2>
              <p>{t['portal.invitation.totpHelp']}</p>
              <p>
                {t['portal.invitation.totpKey']}:{' '}
                <code class="totp-secret">{formatSecretForHumans(inv.totpSecret)}</code>
              </p>
              <p>
                <a href={inv.totpUri}>{t['portal.invitation.totpLink']}</a>
              </p>
              <label for="code">{t['portal.field.totpCode']}</label>
              {error('code')}
              <input
                id="code"
                name="code"
                type="text"
                inputMode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9 ]{6,7}"
                required
                maxLength={7}
                aria-invalid={problemFor('code') ? 'true' : undefined}
                aria-describedby={described('code')}
              />
            </div>
            <div id="passkey-section" class="stack" hidden>
              <h2>{t['portal.invitation.factorPasskey']}</h2>
              {error('passkey')}
              <p id="passkey-help">{t['portal.invitation.passkeyHelp']}</p>
              <p id="passkey-status" class="field-error" role="alert" tabIndex={-1} hidden />
              <label for="passkey-name">{t['portal.field.passkeyName']}</label>
              <input
                id="passkey-name"
                name="passkeyName"
                type="text"
                maxLength={PASSKEY_NAME_MAX}
                value={input.passkeyName ?? ''}
                aria-describedby="passkey-help"
              />
            </div>
            <button type="submit">{t['portal.invitation.submit']}</button>
          </form>
        </>
      );
    },
  );
}

/** Shown once: the recovery codes, then the way to sign in. */
export function renderInvitationDonePage(input: { lang: Language; recoveryCodes: string[] }): string {
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.invitation.doneTitle'], selfPath: '/portal/sign-in' },
    (t) => (
      <>
        <h1>{t['portal.invitation.doneTitle']}</h1>
        <p>{t['portal.invitation.recoveryHelp']}</p>
        <ul class="recovery-codes">
          {input.recoveryCodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <p>
          <a class="button" href="/portal/sign-in">
            {t['portal.invitation.continue']}
          </a>
        </p>
      </>
    ),
  );
}

/** An invitation link that cannot be used: unknown (forged or mistyped), expired, or already used. */
export function renderLinkProblemPage(input: {
  lang: Language;
  problem: LinkProblem;
  selfPath: string;
}): string {
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.link.title'], selfPath: input.selfPath },
    (t) => (
      <>
        <h1>{t['portal.link.title']}</h1>
        <div class="notice error" role="alert">
          <p>{t[`portal.link.${input.problem}`]}</p>
        </div>
        <p>{t['portal.link.help']}</p>
      </>
    ),
  );
}
