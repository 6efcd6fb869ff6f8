import type { Language } from '../../core/language.ts';
import { API_TOKEN_MAX_DAYS } from '../commands/api-tokens.ts';
import type { ApiToken } from '../store/api-token-store.ts';
import { renderPortalPage, type WhoBox } from './portal-layout.tsx';
import { ReauthForm } from './reauth-form.tsx';

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Personal API tokens: the list with revoke buttons, and either the create form (signed in within the last
 * 10 minutes) or the fresh sign-in that creating one needs. A new token is shown once, here.
 */
export function renderTokensPage(input: {
  lang: Language;
  who: WhoBox;
  tokens: ApiToken[];
  now: Date;
  recentAuth: boolean;
  created?: { name: string; token: string };
  notice?: 'invalid' | 'locked' | 'revoked' | 'bad-input';
}): string {
  const csrf = input.who.csrf;
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.tokens.title'], selfPath: '/portal/tokens', who: input.who },
    (t) => (
      <>
        <h1>{t['portal.tokens.title']}</h1>
        <p>{t['portal.tokens.intro']}</p>
        {input.notice ? (
          <div
            class={input.notice === 'revoked' ? 'notice' : 'notice error'}
            role={input.notice === 'revoked' ? 'status' : 'alert'}
          >
            <p>
              {input.notice === 'revoked'
                ? t['portal.tokens.revokedNotice']
                : input.notice === 'bad-input'
                  ? t['portal.tokens.badInput']
                  : t[`portal.signIn.notice.${input.notice}`]}
            </p>
          </div>
        ) : null}
        {input.created ? (
          <div class="notice" role="status">
            <p>{t['portal.tokens.createdOnce'].replace('{name}', input.created.name)}</p>
            <p>
              <code class="new-token">{input.created.token}</code>
            </p>
          </div>
        ) : null}
        <h2>{t['portal.tokens.yours']}</h2>
        {input.tokens.length === 0 ? (
          <p>{t['portal.tokens.none']}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t['portal.tokens.name']}</th>
                <th scope="col">{t['portal.tokens.expires']}</th>
                <th scope="col">{t['portal.tokens.lastUsed']}</th>
                <th scope="col">{t['portal.tokens.state']}</th>
              </tr>
            </thead>
            <tbody>
              {input.tokens.map((tok) => {
                const active = !tok.revokedAt && tok.expiresAt > input.now;
                return (
                  <tr key={tok.id}>
                    <td>{tok.name}</td>
                    <td>{day(tok.expiresAt)}</td>
                    <td>{tok.lastUsedAt ? day(tok.lastUsedAt) : '–'}</td>
                    <td>
                      {active ? (
                        <form method="post" action="/portal/tokens/revoke">
                          <input type="hidden" name="csrf" value={csrf} />
                          <input type="hidden" name="id" value={tok.id} />
                          <button
                            type="submit"
                            class="small"
                            aria-label={`${t['portal.tokens.revoke']}: ${tok.name}`}
                          >
                            {t['portal.tokens.revoke']}
                          </button>
                        </form>
                      ) : tok.revokedAt ? (
                        t['portal.tokens.revoked']
                      ) : (
                        t['portal.tokens.expired']
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <h2>{t['portal.tokens.create']}</h2>
        {input.recentAuth ? (
          <form method="post" action="/portal/tokens" class="stack">
            <input type="hidden" name="csrf" value={csrf} />
            <label for="token-name">{t['portal.tokens.name']}</label>
            <input id="token-name" name="name" type="text" required maxLength={100} />
            <label for="token-days">{t['portal.tokens.days']}</label>
            <input
              id="token-days"
              name="days"
              type="number"
              required
              min={1}
              max={API_TOKEN_MAX_DAYS}
              value="90"
            />
            <button type="submit">{t['portal.tokens.createButton']}</button>
          </form>
        ) : (
          <ReauthForm
            t={t}
            action="/portal/reauthenticate"
            csrf={csrf}
            email={input.who.email}
            help={t['portal.tokens.reauthHelp']}
          />
        )}
      </>
    ),
  );
}
