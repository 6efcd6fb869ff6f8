import type { Messages } from '../../../i18n/messages.ts';
import { formatFieldChange } from '../../../registry/field-changes.ts';
import type { OrganisationAuditPage } from '../../commands/organisation-audit.ts';

const second = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);

/** The organisation's audit log, newest first, a page at a time; a registry change as before → after. */
export function AuditSection(props: { t: Messages; organisationId: string; audit: OrganisationAuditPage }) {
  const { t, audit } = props;
  const pageLink = (n: number) => `/portal/organisation/${props.organisationId}?page=${n}#audit-heading`;
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t['portal.org.audit']}</h2>
      {audit.entries.length === 0 ? (
        <p>{t['portal.home.noEvents']}</p>
      ) : (
        <table class="audit">
          <caption class="visually-hidden">
            {t['portal.org.audit']} – {t['portal.org.page'].replace('{page}', String(audit.page))}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t['portal.audit.at']}</th>
              <th scope="col">{t['portal.org.who']}</th>
              <th scope="col">{t['portal.audit.action']}</th>
              <th scope="col">{t['portal.audit.subject']}</th>
              <th scope="col">{t['portal.org.changes']}</th>
            </tr>
          </thead>
          <tbody>
            {audit.entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at.toISOString()}>{second(e.at)}</time>
                </td>
                <td>{e.who}</td>
                <td>
                  {e.source === 'registry' ? `${t['portal.org.registryChange']}: ${e.action}` : e.action}
                </td>
                <td>{e.target}</td>
                <td>
                  {e.changes.length ? (
                    <ul class="changes">
                      {e.changes.map((c) => (
                        <li key={c.path}>{formatFieldChange(c)}</li>
                      ))}
                    </ul>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {audit.page > 1 || audit.hasMore ? (
        <nav aria-label={t['portal.org.auditPages']}>
          {audit.page > 1 ? <a href={pageLink(audit.page - 1)}>{t['portal.org.newer']}</a> : null}{' '}
          {audit.hasMore ? <a href={pageLink(audit.page + 1)}>{t['portal.org.older']}</a> : null}
        </nav>
      ) : null}
    </section>
  );
}
