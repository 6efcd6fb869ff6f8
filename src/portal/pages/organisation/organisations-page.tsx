import { type Language, pickText } from '../../../core/language.ts';
import type { Organisation } from '../../../registry/organisation-schema.ts';
import { renderPortalPage, type WhoBox } from '../portal-layout.tsx';

/** Operators' list of every organisation, with a search (a GET form, so it works without JavaScript). */
export function renderOrganisationsPage(input: {
  lang: Language;
  who: WhoBox;
  search: string;
  organisations: { organisationId: string; organisation: Organisation }[];
}): string {
  const selfPath = `/portal/organisations${input.search ? `?q=${encodeURIComponent(input.search)}` : ''}`;
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.orgs.title'], selfPath, who: input.who },
    (t) => (
      <>
        <h1>{t['portal.orgs.title']}</h1>
        <form method="get" action="/portal/organisations" class="stack">
          <label for="q">{t['portal.orgs.search']}</label>
          <input id="q" name="q" type="search" maxLength={100} value={input.search} />
          <button type="submit">{t['portal.orgs.searchButton']}</button>
        </form>
        <p role="status">{t['portal.orgs.count'].replace('{n}', String(input.organisations.length))}</p>
        <table>
          <caption class="visually-hidden">{t['portal.orgs.title']}</caption>
          <thead>
            <tr>
              <th scope="col">{t['portal.org.nameColumn']}</th>
              <th scope="col">{t['portal.org.businessId']}</th>
              <th scope="col">{t['portal.org.oid']}</th>
              <th scope="col">{t['portal.org.roles']}</th>
            </tr>
          </thead>
          <tbody>
            {input.organisations.map(({ organisationId, organisation }) => (
              <tr key={organisationId}>
                <td>
                  <a href={`/portal/organisation/${organisationId}`}>
                    {pickText(organisation.name, input.lang) || organisationId}
                  </a>
                </td>
                <td>{organisation.businessId ?? '–'}</td>
                <td>{organisationId}</td>
                <td>{organisation.roles.map((r) => t[`portal.org.role.${r}`]).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    ),
  );
}
