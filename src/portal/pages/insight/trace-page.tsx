import { type Language, pickText } from '../../../core/language.ts';
import type { Messages } from '../../../i18n/messages.ts';
import type { TracedLogin } from '../../../ops/trace/login-trace-query.ts';
import type { OrganisationTrace } from '../../commands/organisation-insight.ts';
import type { InsightInputProblem, TraceInput } from '../../commands/organisation-insight-input.ts';
import { renderPortalPage, type WhoBox } from '../portal-layout.tsx';
import { outcomeLabel } from './daily-table.ts';
import { InsightNav, insightPath, Moment, ProblemNotice, queryOf } from './insight-common.tsx';

/**
 * The support trace (docs/portal.md "Support trace"): a GET form — the error id a person reports, or a
 * time window with service and school — and each login found with what the service asked, the school's
 * answer, the rules that fired, the names of the released attributes and the error with its cause.
 */
export function renderTracePage(input: {
  lang: Language;
  who: WhoBox;
  organisationId: string;
  organisationName: string;
  asked: TraceInput;
  result?: OrganisationTrace;
  problem?: InsightInputProblem;
}): string {
  const { lang, organisationId, result, asked } = input;
  const values = {
    errorId: asked.errorId ?? '',
    // The window searched is shown in the results' heading; the fields keep what the person typed, so a
    // later search by error id is not mixed with an old window.
    from: asked.from ?? '',
    to: asked.to ?? '',
    serviceId: asked.serviceId ?? '',
    school: asked.school ?? '',
  };
  const invalid = input.problem ? 'true' : undefined;
  const describedBy = input.problem ? 'filter-problem' : undefined;
  return renderPortalPage(
    {
      lang,
      title: (t) => t['portal.insight.trace.title'],
      selfPath: insightPath(organisationId, 'trace', queryOf({ ...asked })),
      who: input.who,
    },
    (t) => (
      <>
        <h1>{t['portal.insight.trace.title']}</h1>
        <p class="organisation-name">{input.organisationName}</p>
        <InsightNav t={t} organisationId={organisationId} current="trace" />
        <p>{t['portal.insight.trace.intro']}</p>
        <ProblemNotice t={t} problem={input.problem} />
        <form method="get" action={insightPath(organisationId, 'trace')} class="trace-form">
          <input type="hidden" name="lang" value={lang} />
          <fieldset>
            <legend>{t['portal.insight.trace.byError']}</legend>
            <label for="errorId">{t['portal.insight.trace.errorId']}</label>{' '}
            <input id="errorId" name="errorId" type="text" maxLength={100} value={values.errorId} />
          </fieldset>
          <fieldset>
            <legend>{t['portal.insight.trace.byTime']}</legend>
            <p>
              <label for="from">{t['portal.insight.trace.from']}</label>{' '}
              <input
                id="from"
                name="from"
                type="datetime-local"
                value={values.from}
                aria-invalid={invalid}
                aria-describedby={describedBy}
              />{' '}
              <label for="to">{t['portal.insight.trace.to']}</label>{' '}
              <input
                id="to"
                name="to"
                type="datetime-local"
                value={values.to}
                aria-invalid={invalid}
                aria-describedby={describedBy}
              />
            </p>
            <p>
              <label for="serviceId">{t['portal.insight.trace.service']}</label>{' '}
              <input id="serviceId" name="serviceId" type="text" maxLength={200} value={values.serviceId} />{' '}
              <label for="school">{t['portal.insight.trace.school']}</label>{' '}
              <input id="school" name="school" type="text" maxLength={100} value={values.school} />
            </p>
          </fieldset>
          <button type="submit">{t['portal.insight.trace.submit']}</button>
        </form>
        {result ? <Results t={t} lang={lang} result={result} /> : null}
      </>
    ),
  );
}

function Results(props: { t: Messages; lang: Language; result: OrganisationTrace }) {
  const { t, lang, result } = props;
  const { search } = result;
  return (
    <section aria-labelledby="results-heading" class="trace-results">
      <h2 id="results-heading">
        {'errorId' in search
          ? t['portal.insight.trace.searchedError'].replace('{errorId}', search.errorId)
          : t['portal.insight.trace.searchedWindow']
              .replace('{from}', search.from.toISOString().replace('T', ' ').slice(0, 16))
              .replace('{to}', search.to.toISOString().replace('T', ' ').slice(0, 16))}
      </h2>
      <p role="status">
        {result.logins.length === 0
          ? t['portal.insight.trace.none']
          : t['portal.insight.trace.found'].replace('{count}', String(result.logins.length))}
      </p>
      {result.logins.map((login, i) => (
        <TracedLoginSection
          key={`${login.at}-${i}`}
          t={t}
          lang={lang}
          login={login}
          index={i}
          names={result.names}
        />
      ))}
    </section>
  );
}

function TracedLoginSection(props: {
  t: Messages;
  lang: Language;
  login: TracedLogin;
  index: number;
  names: OrganisationTrace['names'];
}) {
  const { t, lang, login } = props;
  const none = t['portal.insight.trace.none.value'];
  const headingId = `login-${props.index}`;
  const service = pickText(props.names.services[login.serviceId], lang);
  const integration = pickText(props.names.integrations[login.integrationId], lang);
  return (
    <article aria-labelledby={headingId} class="traced-login" data-error-id={login.errorId ?? ''}>
      <h3 id={headingId}>
        {t['portal.insight.trace.login'].replace('{at}', login.at.replace('T', ' ').slice(0, 19))}
      </h3>
      <dl class="details">
        <dt>{t['portal.insight.trace.at']}</dt>
        <dd>
          <Moment at={login.at} />
        </dd>
        <dt>{t['portal.insight.trace.result']}</dt>
        <dd>{login.outcome ? outcomeLabel(t, login.outcome) : none}</dd>
        <dt>{t['portal.insight.col.service']}</dt>
        <dd>
          {service ? `${service} ` : ''}
          <code>{login.serviceId}</code>
        </dd>
        <dt>{t['portal.insight.trace.asked']}</dt>
        <dd>
          <RequestSummary request={login.request} none={none} />
        </dd>
        <dt>{t['portal.insight.col.integration']}</dt>
        <dd>
          {login.integrationId ? (
            <>
              {integration ? `${integration} ` : ''}
              <code>{login.integrationId}</code>
            </>
          ) : (
            none
          )}
        </dd>
        <dt>{t['portal.insight.col.school']}</dt>
        <dd>{login.school || none}</dd>
        <dt>{t['portal.insight.trace.upstream']}</dt>
        <dd>{t[upstreamResult(login)]}</dd>
        <dt>{t['portal.insight.trace.rules']}</dt>
        <dd>
          {login.problems.length === 0 ? (
            t['portal.insight.trace.noRules']
          ) : (
            <ul>
              {login.problems.map((p) => (
                <li key={`${p.code}-${p.attributes.join(',')}`}>
                  <code>{p.code}</code> ({p.severity})
                  {p.attributes.length ? `: ${p.attributes.join(', ')}` : ''}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t['portal.insight.trace.released']}</dt>
        <dd>
          {login.released.length === 0
            ? t['portal.insight.trace.nothingReleased']
            : login.released.map((name, i) => (
                <span key={name}>
                  {i > 0 ? ', ' : ''}
                  <code>{name}</code>
                </span>
              ))}
        </dd>
        <dt>{t['error.id']}</dt>
        <dd>{login.errorId ? <code>{login.errorId}</code> : none}</dd>
        <dt>{t['portal.insight.trace.error']}</dt>
        <dd>{login.errorCode ? <code>{login.errorCode}</code> : none}</dd>
        <dt>{t['portal.insight.trace.cause']}</dt>
        <dd>{login.errorDetail ?? none}</dd>
      </dl>
    </article>
  );
}

/** The school's answer, as far as the outcome tells it: the data model ran only on a verified person. */
function upstreamResult(login: TracedLogin) {
  if (login.outcome === 'failed:cancelled') return 'portal.insight.trace.upstreamCancelled' as const;
  if (login.outcome === 'failed:school') return 'portal.insight.trace.upstreamFailed' as const;
  if (login.outcome?.startsWith('completed') || login.outcome === 'failed:blocked')
    return 'portal.insight.trace.upstreamOk' as const;
  return 'portal.insight.trace.upstreamNone' as const;
}

/** The request summary (core/login-request.ts `RequestSummary`): its fields as they were, no personal data. */
function RequestSummary(props: { request: Record<string, unknown> | null; none: string }) {
  const entries = Object.entries(props.request ?? {}).filter(
    ([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0),
  );
  if (entries.length === 0) return <>{props.none}</>;
  return (
    <ul class="request-summary">
      {entries.map(([k, v]) => (
        <li key={k}>
          <code>{k}</code>: {Array.isArray(v) ? v.map(String).join(', ') : String(v)}
        </li>
      ))}
    </ul>
  );
}
