import type { Language } from '../../core/language.ts';
import type { DataQualityRow } from '../../ops/quality/data-quality-query.ts';
import type { OrganisationHealth } from '../commands/organisation-health.ts';
import { OPERATOR_SCOPE } from '../domain/roles.ts';
import type { PortalAuditRow } from '../store/audit-store.ts';
import { NeedsAttention } from './health/health-page.tsx';
import { insightPath } from './insight/insight-common.tsx';
import { TopProblems } from './insight/top-problems.tsx';
import { renderPortalPage, type WhoBox } from './portal-layout.tsx';

/** The portal's front page after sign-in: who, where, and what exists so far. */
export function renderHomePage(input: {
  lang: Language;
  who: WhoBox;
  recent: PortalAuditRow[];
  /** An education provider's most frequent data problems of the last 30 days. */
  topProblems?: DataQualityRow[];
  /** Expiring certificates and secrets, failed metadata refreshes (docs/portal.md "Needs attention"). */
  needsAttention?: OrganisationHealth;
}): string {
  // An operator's links open the whole federation's numbers (their own organisation stands for it).
  const organisationId = input.who.role === 'operator' ? OPERATOR_SCOPE : input.who.organisationId;
  const seesDataQuality = input.who.role.startsWith('education-') || input.who.role === 'operator';
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
            {' · '}
            <a href="/portal/services-for-pupils">{t['portal.agreements.pupils.homeLink']}</a>
          </p>
        ) : null}
        {input.who.role.startsWith('service-') ? (
          <p>
            <a href="/portal/agreement-requests">{t['portal.agreements.requests.homeLink']}</a>
          </p>
        ) : null}
        {organisationId ? (
          <nav aria-label={t['portal.insight.nav.label']} class="insight-nav">
            <ul>
              <li>
                <a href={insightPath(organisationId, 'statistics')}>{t['portal.insight.nav.statistics']}</a>
              </li>
              {seesDataQuality ? (
                <li>
                  <a href={insightPath(organisationId, 'data-quality')}>{t['portal.insight.nav.quality']}</a>
                </li>
              ) : null}
              <li>
                <a href={insightPath(organisationId, 'trace')}>{t['portal.insight.nav.trace']}</a>
              </li>
            </ul>
          </nav>
        ) : null}
        {organisationId && input.topProblems ? (
          <TopProblems t={t} organisationId={organisationId} problems={input.topProblems} />
        ) : null}
        {input.needsAttention ? (
          <NeedsAttention t={t} lang={input.lang} health={input.needsAttention} />
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
