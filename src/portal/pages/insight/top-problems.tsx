import type { Messages } from '../../../i18n/messages.ts';
import type { DataQualityRow } from '../../../ops/quality/data-quality-query.ts';
import { insightPath } from './insight-common.tsx';

/**
 * An education provider's most frequent data problems of the last 30 days on its front page (docs/
 * portal.md "Data quality"), each with its school and share, and the way to the full list with advice.
 */
export function TopProblems(props: { t: Messages; organisationId: string; problems: DataQualityRow[] }) {
  const { t } = props;
  return (
    <section aria-labelledby="top-problems-heading" class="top-problems">
      <h2 id="top-problems-heading">{t['portal.insight.top.title']}</h2>
      {props.problems.length === 0 ? (
        <p>{t['portal.insight.top.none']}</p>
      ) : (
        <ol>
          {props.problems.map((p) => (
            <li key={`${p.integrationId}|${p.school}|${p.code}|${p.attributes.join(',')}`} data-code={p.code}>
              {t['portal.insight.top.line']
                .replace('{problem}', p.code)
                .replace('{school}', p.school || t['portal.insight.noSchool'])
                .replace('{logins}', String(p.logins))
                .replace('{of}', String(p.ofLogins))}
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href={insightPath(props.organisationId, 'data-quality')}>{t['portal.insight.top.more']}</a>
      </p>
    </section>
  );
}
