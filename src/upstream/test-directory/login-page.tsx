import { FORM_TOKEN_FIELD } from '../../core/flow/form-token.ts';
import type { Language } from '../../core/language.ts';
import { renderPage } from '../../http/render/layout.tsx';

/**
 * The test directory's login page. It plays a school's login page, so it uses the "school" frame:
 * recognisably different from Passi's own pages.
 */
export function renderTestDirectoryLogin(input: {
  lang: Language;
  action: string;
  /** This login's form token, in both forms (login CSRF). */
  formToken: string;
  error?: boolean;
  username?: string;
}): string {
  return renderPage(
    { lang: input.lang, title: (t) => t['td.title'], selfPath: input.action, variant: 'school' },
    (t) => (
      <>
        <h1>{t['td.title']}</h1>
        <p>{t['td.intro']}</p>
        {input.error ? (
          <div class="error-box" role="alert" id="login-error">
            <p>{t['td.badCredentials']}</p>
          </div>
        ) : null}
        <form method="post" action={input.action}>
          <input type="hidden" name={FORM_TOKEN_FIELD} value={input.formToken} />
          <label for="username">{t['td.username']}</label>
          <input
            type="text"
            id="username"
            name="username"
            autocomplete="username"
            required
            maxLength={64}
            value={input.username ?? ''}
            aria-describedby={input.error ? 'login-error' : undefined}
            aria-invalid={input.error ? 'true' : undefined}
          />
          <label for="password">{t['td.password']}</label>
          <input
            type="password"
            id="password"
            name="password"
            autocomplete="current-password"
            required
            maxLength={128}
          />
          <p>
            <button type="submit">{t['td.submit']}</button>
          </p>
        </form>
        <form method="post" action={input.action}>
          <input type="hidden" name={FORM_TOKEN_FIELD} value={input.formToken} />
          <input type="hidden" name="cancel" value="1" />
          <button type="submit" class="secondary">
            {t['td.cancel']}
          </button>
        </form>
      </>
    ),
  );
}
