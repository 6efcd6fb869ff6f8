import type { Language } from '../../core/language.ts';
import type { PortalAuditRow } from '../store/audit-store.ts';
import { renderPortalPage, type WhoBox } from './portal-layout.tsx';

/** The portal's front page after sign-in: who, where, and what exists so far. */
export function renderHomePage(input: { lang: Language; who: WhoBox; recent: PortalAuditRow[] }): string {
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.home.title'], selfPath: '/portal/', who: input.who },
    (t) => (
      <>
        <h1>{t['portal.home.title']}</h1>
        <p>{t['portal.home.intro']}</p>
        {input.who.role.startsWith('education-') ? (
          <p>
            <a href="/portal/readiness">{t['portal.readiness.homeLink']}</a>
            {' · '}
            <a href="/portal/weekly-summary">{t['portal.summary.switch.homeLink']}</a>
          </p>
        ) : null}
        <h2>{t['portal.home.recent']}</h2>
        {input.recent.length === 0 ? (
          <p>{t['portal.home.noEvents']}</p>
        ) : (
          <table>
            <caption class="visually-hidden">{t['portal.home.recent']}</caption>
            <thead>
              <tr>
                <th scope="col">{t['portal.audit.at']}</th>
                <th scope="col">{t['portal.audit.action']}</th>
                <th scope="col">{t['portal.audit.subject']}</th>
              </tr>
            </thead>
            <tbody>
              {input.recent.map((r) => (
                <tr key={r.id}>
                  <td>
                    <time dateTime={r.at.toISOString()}>
                      {r.at.toISOString().replace('T', ' ').slice(0, 19)}
                    </time>
                  </td>
                  <td>{r.action}</td>
                  <td>{r.subject ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    ),
  );
}

/** A refusal or failure inside the portal, in the portal's frame. */
export function renderPortalErrorPage(input: {
  lang: Language;
  status: number;
  text: (t: import('../../i18n/messages.ts').Messages) => string;
  errorId: string;
}): string {
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.error.title'], selfPath: '/portal/' },
    (t) => (
      <>
        <h1>{t['portal.error.title']}</h1>
        <div class="notice error" role="alert">
          <p>{input.text(t)}</p>
        </div>
        <p>
          {t['error.id']}: <strong>{input.errorId}</strong>
        </p>
        <p>
          <a href="/portal/">{t['portal.error.back']}</a>
        </p>
      </>
    ),
  );
}
