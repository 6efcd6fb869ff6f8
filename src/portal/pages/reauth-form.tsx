import type { Messages } from '../../i18n/messages.ts';

/**
 * Password and second factor again before a sensitive action (docs/portal.md "Sessions"): inviting people,
 * approving an application (which invites its contact person) and creating API tokens all ask for it when
 * the sign-in is older than ten minutes. The hidden username field lets password managers fill the form.
 */
export function ReauthForm(props: {
  t: Messages;
  action: string;
  csrf: string;
  email: string;
  help: string;
}) {
  const { t } = props;
  return (
    <form method="post" action={props.action} class="stack">
      <p>{props.help}</p>
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="text" name="username" autocomplete="username" value={props.email} hidden readOnly />
      <label for="reauth-password">{t['portal.field.password']}</label>
      <input
        id="reauth-password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
        maxLength={256}
      />
      <label for="reauth-code">{t['portal.field.code']}</label>
      <input id="reauth-code" name="code" type="text" autocomplete="one-time-code" required maxLength={20} />
      <button type="submit">{t['portal.tokens.reauthButton']}</button>
    </form>
  );
}
