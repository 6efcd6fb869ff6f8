import { type Language, pickText } from '../../../core/language.ts';
import type { Messages } from '../../../i18n/messages.ts';
import type { OrganisationDataQuality } from '../../commands/organisation-insight.ts';
import type { InsightInputProblem } from '../../commands/organisation-insight-input.ts';
import { renderPortalPage, type WhoBox } from '../portal-layout.tsx';
import {
  InsightNav,
  insightPath,
  Moment,
  ProblemNotice,
  percent,
  queryOf,
  RangeForm,
  ScrollRegion,
} from './insight-common.tsx';

/**
 * Data-model problems of the organisation's integrations per school (docs/portal.md "Data quality"): the
 * rule, the attributes it concerns, the share of logins, first and last seen, and what school IT should
 * fix — in the page's language, Finnish where a translation is missing.
 */
export function renderDataQualityPage(input: {
  lang: Language;
  who: WhoBox;
  organisationId: string;
  organisationName: string;
  asked: { from?: string; to?: string };
  result?: OrganisationDataQuality;
  problem?: InsightInputProblem;
}): string {
  const { lang, organisationId, result } = input;
  const range = result
    ? { from: result.from, to: result.to }
    : { from: input.asked.from ?? '', to: input.asked.to ?? '' };
  return renderPortalPage(
    {
      lang,
      title: (t) => t['portal.insight.quality.title'],
      selfPath: insightPath(organisationId, 'data-quality', queryOf(input.asked)),
      who: input.who,
    },
    (t) => (
      <>
        <h1>{t['portal.insight.quality.title']}</h1>
        <p class="organisation-name">{input.organisationName}</p>
        <InsightNav t={t} organisationId={organisationId} current="data-quality" />
        <p>{t['portal.insight.quality.intro']}</p>
        <ProblemNotice t={t} problem={input.problem} />
        <RangeForm
          t={t}
          lang={lang}
          action={insightPath(organisationId, 'data-quality')}
          from={range.from}
          to={range.to}
          invalid={input.problem !== undefined}
        />
        {result ? <Problems t={t} lang={lang} result={result} /> : null}
      </>
    ),
  );
}

function Problems(props: { t: Messages; lang: Language; result: OrganisationDataQuality }) {
  const { t, lang, result } = props;
  if (result.serviceSide) return <p>{t['portal.insight.quality.serviceSide']}</p>;
  const integration = (id: string) => pickText(result.names.integrations[id], lang) || id;
  return (
    <>
      <p class="range-shown">
        {t['portal.insight.range.shown'].replace('{from}', result.from).replace('{to}', result.to)}
      </p>
      <p>{t['portal.insight.quality.retention']}</p>
      {result.problems.length === 0 ? (
        <p>{t['portal.insight.quality.none']}</p>
      ) : (
        <ScrollRegion label={t['portal.insight.quality.caption']}>
          <table id="quality-table">
            <caption>{t['portal.insight.quality.caption']}</caption>
            <thead>
              <tr>
                <th scope="col">{t['portal.insight.col.integration']}</th>
                <th scope="col">{t['portal.insight.col.school']}</th>
                <th scope="col">{t['portal.insight.col.problem']}</th>
                <th scope="col">{t['portal.insight.col.attributes']}</th>
                <th scope="col">{t['portal.insight.col.affected']}</th>
                <th scope="col">{t['portal.insight.col.share']}</th>
                <th scope="col">{t['portal.insight.col.firstSeen']}</th>
                <th scope="col">{t['portal.insight.col.lastSeen']}</th>
              </tr>
            </thead>
            <tbody>
              {result.problems.map((p) => (
                <tr
                  key={`${p.integrationId}|${p.school}|${p.code}|${p.attributes.join(',')}`}
                  data-code={p.code}
                >
                  <td>{integration(p.integrationId)}</td>
                  <td>{p.school || t['portal.insight.noSchool']}</td>
                  <th scope="row">
                    <code>{p.code}</code>
                    {p.advice ? (
                      <>
                        {' '}
                        <a href={`#advice-${p.code}`}>{t['portal.insight.quality.adviceLink']}</a>
                      </>
                    ) : null}
                  </th>
                  <td>{p.attributes.join(', ')}</td>
                  <td>
                    {p.logins} / {p.ofLogins}
                  </td>
                  <td>{percent(p.logins, p.ofLogins, lang)}</td>
                  <td>
                    <Moment at={p.firstSeen} />
                  </td>
                  <td>
                    <Moment at={p.lastSeen} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <Advice t={t} lang={lang} problems={result.problems} />
    </>
  );
}

/** What to fix, once per problem code (the advice is the code's, not the school's). */
function Advice(props: { t: Messages; lang: Language; problems: OrganisationDataQuality['problems'] }) {
  const advised = new Map(props.problems.flatMap((p) => (p.advice ? [[p.code, p.advice] as const] : [])));
  if (advised.size === 0) return null;
  return (
    <section aria-labelledby="advice-heading" class="advice">
      <h2 id="advice-heading">{props.t['portal.insight.col.advice']}</h2>
      <dl>
        {[...advised].map(([code, advice]) => (
          <div key={code} id={`advice-${code}`} data-code={code}>
            <dt>
              <code>{code}</code>
            </dt>
            <dd>{pickText(advice, props.lang)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
