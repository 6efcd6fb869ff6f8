import type { ComponentChildren } from 'preact';
import type { Language } from '../../../core/language.ts';
import type { Messages } from '../../../i18n/messages.ts';
import type { InsightInputProblem } from '../../commands/organisation-insight-input.ts';
import { OPERATOR_SCOPE } from '../../domain/roles.ts';

export type InsightPage = 'statistics' | 'data-quality' | 'trace';

/** `/portal/organisation/{id}/statistics` and its siblings; `.csv` for the statistics download. */
export function insightPath(
  organisationId: string,
  page: InsightPage | 'statistics.csv',
  query = '',
): string {
  return `/portal/organisation/${encodeURIComponent(organisationId)}/${page}${query}`;
}

/** A query string of the non-empty values, `?a=1&b=2`, or '' when none. */
export function queryOf(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const LOCALES: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** A share as a percentage in the page's language, e.g. "33,3 %". */
export function percent(part: number, of: number, lang: Language): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 1 }).format(
    of === 0 ? 0 : part / of,
  );
}

/** `2026-03-01T08:30:00.000Z` as `2026-03-01 08:30:00` (UTC), in a `<time>`. */
export function Moment(props: { at: string }) {
  return <time dateTime={props.at}>{props.at.replace('T', ' ').slice(0, 19)}</time>;
}

/**
 * The organisation page and its three insight pages, the current one marked (none on the organisation
 * page). The whole federation (OPERATOR_SCOPE) has no organisation page to link.
 */
export function InsightNav(props: { t: Messages; organisationId: string; current?: InsightPage }) {
  const { t, organisationId } = props;
  const links: [InsightPage, string][] = [
    ['statistics', t['portal.insight.nav.statistics']],
    ['data-quality', t['portal.insight.nav.quality']],
    ['trace', t['portal.insight.nav.trace']],
  ];
  return (
    <nav aria-label={t['portal.insight.nav.label']} class="insight-nav">
      <ul>
        {props.current && organisationId !== OPERATOR_SCOPE ? (
          <li>
            <a href={`/portal/organisation/${encodeURIComponent(organisationId)}`}>
              {t['portal.insight.nav.organisation']}
            </a>
          </li>
        ) : null}
        {links.map(([page, label]) => (
          <li key={page}>
            <a
              href={insightPath(organisationId, page)}
              aria-current={page === props.current ? 'page' : undefined}
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The refusal of a filter, in the page's language, announced as an alert. */
export function ProblemNotice(props: { t: Messages; problem?: InsightInputProblem }) {
  if (!props.problem) return null;
  return (
    <div class="notice error" role="alert" id="filter-problem">
      <p>{props.t[`portal.insight.problem.${props.problem}`]}</p>
    </div>
  );
}

/** The date-range filter as a plain GET form: works without JavaScript, the URL can be shared. */
export function RangeForm(props: {
  t: Messages;
  lang: Language;
  action: string;
  from: string;
  to: string;
  invalid: boolean;
}) {
  const { t } = props;
  const describedBy = props.invalid ? 'filter-problem' : undefined;
  return (
    <form method="get" action={props.action} class="range-form">
      <input type="hidden" name="lang" value={props.lang} />
      <fieldset>
        <legend>{t['portal.insight.range.legend']}</legend>
        <label for="from">{t['portal.insight.range.from']}</label>{' '}
        <input
          id="from"
          name="from"
          type="date"
          value={props.from}
          aria-invalid={props.invalid ? 'true' : undefined}
          aria-describedby={describedBy}
        />{' '}
        <label for="to">{t['portal.insight.range.to']}</label>{' '}
        <input
          id="to"
          name="to"
          type="date"
          value={props.to}
          aria-invalid={props.invalid ? 'true' : undefined}
          aria-describedby={describedBy}
        />{' '}
        <button type="submit">{t['portal.insight.range.submit']}</button>
      </fieldset>
    </form>
  );
}

/**
 * A table wider than the screen scrolls sideways instead of widening the page (WCAG 2.1 SC 1.4.10); the
 * scrolling region takes focus so it can be scrolled from the keyboard (SC 2.1.1, axe
 * `scrollable-region-focusable`), and is named like its table.
 */
export function ScrollRegion(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to be scrolled by keyboard
    <section class="table-scroll" tabIndex={0} aria-label={props.label}>
      {props.children}
    </section>
  );
}
