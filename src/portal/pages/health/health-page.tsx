import { type Language, pickText } from '../../../core/language.ts';
import type { Messages } from '../../../i18n/messages.ts';
import { healthPath, whenText } from '../../../ops/health/expiry-notice-mail.ts';
import type { HealthItem } from '../../../ops/health/health-items.ts';
import type { OrganisationHealth } from '../../commands/organisation-health.ts';
import { historyPath } from '../history/history-page.tsx';
import { renderPortalPage, type WhoBox } from '../portal-layout.tsx';

/** How many items the front page's block shows before "Everything that needs attention". */
export const NEEDS_ATTENTION_ON_HOME = 5;

const itemKey = (i: HealthItem) => `${i.entity.kind}:${i.entity.id}:${i.problem}`;

function ItemLine(props: { t: Messages; lang: Language; item: HealthItem }) {
  const { t, item } = props;
  const name = pickText(item.entity.name, props.lang) || item.entity.id;
  return (
    <>
      {t[`portal.health.problem.${item.problem}`]}: {t[`portal.health.kind.${item.entity.kind}`]}{' '}
      <a href={historyPath(item.organisationId, item.entity.kind, item.entity.id)}>{name}</a>
      {item.expiresAt ? ` – ${whenText(item, props.lang)}` : ''}
      {item.detail ? ` (${item.detail})` : ''}
    </>
  );
}

/** The front page's "Needs attention": the first items and the way to the full list. */
export function NeedsAttention(props: { t: Messages; lang: Language; health: OrganisationHealth }) {
  const { t, health } = props;
  const shown = health.items.slice(0, NEEDS_ATTENTION_ON_HOME);
  return (
    <section aria-labelledby="needs-attention-heading" class="needs-attention">
      <h2 id="needs-attention-heading">{t['portal.health.blockTitle']}</h2>
      {shown.length === 0 ? (
        <p>{t['portal.health.none']}</p>
      ) : (
        <ul>
          {shown.map((item) => (
            <li key={itemKey(item)} data-problem={item.problem}>
              <ItemLine t={t} lang={props.lang} item={item} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={healthPath(health.organisationId)}>
          {t['portal.health.blockMore'].replace('{count}', String(health.items.length))}
        </a>
      </p>
    </section>
  );
}

/** `/portal/organisation/{id}/health` (docs/portal.md "Needs attention"); operators on `passi` see every organisation. */
export function renderHealthPage(input: {
  lang: Language;
  who: WhoBox;
  organisationName: string;
  health: OrganisationHealth;
  organisationNames: Map<string, string>;
}): string {
  const { health } = input;
  const title = (t: Messages) =>
    health.everyOrganisation ? t['portal.health.titleAll'] : t['portal.health.title'];
  return renderPortalPage(
    { lang: input.lang, title, selfPath: healthPath(health.organisationId), who: input.who },
    (t) => (
      <>
        <h1>{health.everyOrganisation ? title(t) : `${title(t)}: ${input.organisationName}`}</h1>
        <p>{t['portal.health.intro']}</p>
        {health.testResultsKnown ? null : <p>{t['portal.health.testUnknown']}</p>}
        {health.items.length === 0 ? (
          <p>{t['portal.health.none']}</p>
        ) : (
          <table class="health">
            <caption>{t['portal.health.caption']}</caption>
            <thead>
              <tr>
                {health.everyOrganisation ? <th scope="col">{t['portal.health.col.organisation']}</th> : null}
                <th scope="col">{t['portal.health.col.item']}</th>
                <th scope="col">{t['portal.health.col.problem']}</th>
                <th scope="col">{t['portal.health.col.when']}</th>
              </tr>
            </thead>
            <tbody>
              {health.items.map((item) => (
                <tr key={itemKey(item)} data-problem={item.problem}>
                  {health.everyOrganisation ? (
                    <td>{input.organisationNames.get(item.organisationId) ?? item.organisationId}</td>
                  ) : null}
                  <td>
                    {t[`portal.health.kind.${item.entity.kind}`]}{' '}
                    <a href={historyPath(item.organisationId, item.entity.kind, item.entity.id)}>
                      {pickText(item.entity.name, input.lang) || item.entity.id}
                    </a>
                  </td>
                  <td>
                    {t[`portal.health.problem.${item.problem}`]}
                    {item.detail ? ` (${item.detail})` : ''}
                  </td>
                  <td>
                    {item.expiresAt ? (
                      <time dateTime={item.expiresAt.toISOString()}>{whenText(item, input.lang)}</time>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    ),
  );
}
