import { type Language, pickText } from '../../../core/language.ts';
import type { Messages } from '../../../i18n/messages.ts';
import type { OrganisationStatistics } from '../../commands/organisation-insight.ts';
import type { InsightInputProblem } from '../../commands/organisation-insight-input.ts';
import { renderPortalPage, type WhoBox } from '../portal-layout.tsx';
import { dailyTable, outcomeColumns, outcomeLabel } from './daily-table.ts';
import {
  InsightNav,
  insightPath,
  ProblemNotice,
  percent,
  queryOf,
  RangeForm,
  ScrollRegion,
} from './insight-common.tsx';
import { HorizontalBarChart, OutcomeSwatch, StackedDayChart } from './svg-charts.tsx';

/**
 * An organisation's login statistics (docs/portal.md "Login statistics"): the date-range filter, the
 * total, and three charts — per day by outcome, by service, by outcome — each followed by its table.
 * Tables have a caption and header cells with `scope` (WCAG 2.1 SC 1.3.1); the per-day table is also
 * the CSV download, cell for cell.
 */
export function renderStatisticsPage(input: {
  lang: Language;
  who: WhoBox;
  organisationId: string;
  organisationName: string;
  /** The range asked for, as typed (shown again in the form). */
  asked: { from?: string; to?: string };
  result?: OrganisationStatistics;
  problem?: InsightInputProblem;
}): string {
  const { lang, organisationId, result } = input;
  const range = result
    ? { from: result.statistics.from, to: result.statistics.to }
    : { from: input.asked.from ?? '', to: input.asked.to ?? '' };
  return renderPortalPage(
    {
      lang,
      title: (t) => t['portal.insight.stats.title'],
      selfPath: insightPath(organisationId, 'statistics', queryOf(input.asked)),
      who: input.who,
    },
    (t) => (
      <>
        <h1>{t['portal.insight.stats.title']}</h1>
        <p class="organisation-name">{input.organisationName}</p>
        <InsightNav t={t} organisationId={organisationId} current="statistics" />
        <p>{t['portal.insight.stats.intro']}</p>
        <ProblemNotice t={t} problem={input.problem} />
        <RangeForm
          t={t}
          lang={lang}
          action={insightPath(organisationId, 'statistics')}
          from={range.from}
          to={range.to}
          invalid={input.problem !== undefined}
        />
        {result ? (
          <Statistics
            t={t}
            lang={lang}
            result={result}
            csv={insightPath(organisationId, 'statistics.csv', queryOf({ ...range, lang }))}
          />
        ) : null}
      </>
    ),
  );
}

function Statistics(props: { t: Messages; lang: Language; result: OrganisationStatistics; csv: string }) {
  const { t, lang, result } = props;
  const s = result.statistics;
  const daily = dailyTable(s, t);
  const outcomes = outcomeColumns(s);
  const serviceLabel = (id: string) => pickText(result.names.services[id], lang) || id;
  const completed = s.byOutcome.filter((o) => o.key.startsWith('completed')).reduce((a, o) => a + o.count, 0);
  return (
    <>
      <p class="range-shown">
        {t['portal.insight.range.shown'].replace('{from}', s.from).replace('{to}', s.to)}
      </p>
      <dl class="totals">
        <dt>{t['portal.insight.stats.total']}</dt>
        <dd data-total={s.total}>{s.total}</dd>
        <dt>{t['portal.insight.stats.completed']}</dt>
        <dd data-completed={completed}>
          {completed} ({percent(completed, s.total, lang)})
        </dd>
        <dt>{t['portal.insight.stats.failed']}</dt>
        <dd data-failed={s.total - completed}>
          {s.total - completed} ({percent(s.total - completed, s.total, lang)})
        </dd>
      </dl>
      {s.total === 0 ? <p>{t['portal.insight.stats.none']}</p> : null}
      <p>
        <a href={props.csv} download>
          {t['portal.insight.stats.csv']}
        </a>
      </p>

      <section aria-labelledby="per-day-heading" class="chart-block">
        <h2 id="per-day-heading">{t['portal.insight.stats.perDay']}</h2>
        <StackedDayChart
          id="chart-per-day"
          title={t['portal.insight.stats.perDay']}
          desc={t['portal.insight.stats.perDayDesc']
            .replace('{days}', String(s.perDay.length))
            .replace('{total}', String(s.total))}
          days={s.perDay}
          outcomes={outcomes}
        />
        <ul class="legend">
          {outcomes.map((o, i) => (
            <li key={o}>
              <OutcomeSwatch id={`legend-${i}`} outcome={o} /> {outcomeLabel(t, o)}
            </li>
          ))}
        </ul>
        <ScrollRegion label={`${t['portal.insight.stats.tableOf']}: ${t['portal.insight.stats.perDay']}`}>
          <table id="daily-table">
            <caption>
              {t['portal.insight.stats.tableOf']}: {t['portal.insight.stats.perDay']}
            </caption>
            <thead>
              <tr>
                {daily.header.map((h) => (
                  <th scope="col" key={h}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {daily.rows.map(([day, ...cells]) => (
                <tr key={day}>
                  <th scope="row">{day}</th>
                  {cells.map((c, i) => (
                    <td key={daily.header[i + 1]}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <CountSection
        t={t}
        lang={lang}
        id="by-service"
        title={t['portal.insight.stats.byService']}
        keyHeading={t['portal.insight.col.service']}
        total={s.total}
        rows={s.byService.map((r) => ({ key: r.key, label: serviceLabel(r.key), count: r.count }))}
      />
      <CountSection
        t={t}
        lang={lang}
        id="by-school"
        title={t['portal.insight.stats.bySchool']}
        keyHeading={t['portal.insight.col.school']}
        total={s.total}
        rows={s.bySchool
          .slice(0, SCHOOLS_SHOWN)
          .map((r) => ({ key: r.key || '-', label: r.key || t['portal.insight.noSchool'], count: r.count }))}
        showKeys={false}
      />
      <CountSection
        t={t}
        lang={lang}
        id="by-role"
        title={t['portal.insight.stats.byRole']}
        keyHeading={t['portal.insight.col.role']}
        total={s.total}
        rows={s.byRole.map((r) => ({
          key: r.key || '-',
          label: t[`portal.insight.role.${ROLE_KINDS.find((k) => k === r.key) ?? 'none'}`],
          count: r.count,
        }))}
        showKeys={false}
      />
      <CountSection
        t={t}
        lang={lang}
        id="by-outcome"
        title={t['portal.insight.stats.byOutcome']}
        keyHeading={t['portal.insight.col.outcome']}
        total={s.total}
        rows={s.byOutcome.map((r) => ({
          key: r.key,
          label: outcomeLabel(t, r.key),
          count: r.count,
          outcome: r.key,
        }))}
      />
    </>
  );
}

/** The schools with the most logins shown (the CSV of the API has them all); most organisations have fewer. */
const SCHOOLS_SHOWN = 30;
const ROLE_KINDS = ['pupil', 'teacher', 'other'] as const;

/** One breakdown: its bar chart and, right after it, the table of the same counts with their shares. */
function CountSection(props: {
  t: Messages;
  lang: Language;
  id: string;
  title: string;
  keyHeading: string;
  total: number;
  rows: { key: string; label: string; count: number; outcome?: string }[];
  /** Whether an id is shown after its name (services); not where the label says it all. */
  showKeys?: boolean;
}) {
  const { t } = props;
  if (props.rows.length === 0) return null;
  return (
    <section aria-labelledby={`${props.id}-heading`} class="chart-block">
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      <HorizontalBarChart
        id={`chart-${props.id}`}
        title={props.title}
        desc={t['portal.insight.stats.barDesc']}
        rows={props.rows}
      />
      <table id={`${props.id}-table`}>
        <caption>
          {t['portal.insight.stats.tableOf']}: {props.title}
        </caption>
        <thead>
          <tr>
            <th scope="col">{props.keyHeading}</th>
            <th scope="col">{t['portal.insight.col.count']}</th>
            <th scope="col">{t['portal.insight.col.share']}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">
                {r.label}
                {r.label !== r.key && !r.outcome && props.showKeys !== false ? (
                  <>
                    {' '}
                    <code>{r.key}</code>
                  </>
                ) : null}
              </th>
              <td>{r.count}</td>
              <td>{percent(r.count, props.total, props.lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
