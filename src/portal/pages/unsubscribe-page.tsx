import type { Language } from '../../core/language.ts';
import { UNSUBSCRIBE_PATH } from '../../ops/summary/unsubscribe-token.ts';
import { renderPortalPage } from './portal-layout.tsx';

/** What the unsubscribe link's page shows: the question, the result, or why the link is refused. */
export type UnsubscribeView =
  | { kind: 'confirm'; organisation: string; email: string }
  | { kind: 'done'; organisation: string; email: string }
  | { kind: 'invalid' };

/**
 * The weekly summary's unsubscribe page (docs/operations.md "Weekly summary"). A GET only asks: mail
 * scanners open links, and opening one must not unsubscribe anyone. The button POSTs to the same link,
 * as a mail program's one-click unsubscribe does (RFC 8058 §3.2). Works without JavaScript.
 */
export function renderUnsubscribePage(input: {
  lang: Language;
  token: string;
  view: UnsubscribeView;
}): string {
  const selfPath = `${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(input.token)}`;
  const view = input.view;
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.unsubscribe.title'], selfPath },
    (t) => {
      const fill = (text: string, v: { organisation: string; email: string }) =>
        text.replace('{organisation}', v.organisation).replace('{email}', v.email);
      return (
        <>
          <h1>{t['portal.unsubscribe.title']}</h1>
          {view.kind === 'invalid' ? (
            <div class="notice error" role="alert">
              <p>{t['portal.unsubscribe.invalid']}</p>
            </div>
          ) : view.kind === 'done' ? (
            <div class="notice" role="status">
              <p>{fill(t['portal.unsubscribe.done'], view)}</p>
            </div>
          ) : (
            <form method="post" action={`${selfPath}&lang=${input.lang}`} class="stack">
              <p>{fill(t['portal.unsubscribe.confirm'], view)}</p>
              <p class="help">{t['portal.unsubscribe.others']}</p>
              <p>
                <button type="submit">{t['portal.unsubscribe.button']}</button>
              </p>
            </form>
          )}
        </>
      );
    },
  );
}
