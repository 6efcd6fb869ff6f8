import { type Language, pickText } from '../../core/language.ts';
import type { Messages } from '../../i18n/messages.ts';
import { type AgreementRequestView, agreementRequestsPath } from '../commands/service-agreements.ts';
import { renderPortalPage, type WhoBox } from './portal-layout.tsx';

export type AgreementRequestsNotice = 'accepted' | 'declined';

const stamp = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const reasonId = (requestId: string) => `reason-${requestId}`;

/**
 * The service provider's agreement requests (docs/portal.md "Services for pupils"): open requests with
 * accept and decline (a decline needs a reason: an error summary linked to the field, WCAG 2.1 SC 3.3.1),
 * then the decided ones. Plain form POSTs, no JavaScript.
 */
export function renderAgreementRequestsPage(input: {
  lang: Language;
  who: WhoBox;
  organisationId: string;
  organisationName: string;
  requests: AgreementRequestView[];
  canChange: boolean;
  notice?: AgreementRequestsNotice;
  /** The request whose decline was sent without a reason. */
  missingReason?: string;
}): string {
  const self = agreementRequestsPath(input.organisationId);
  const open = input.requests.filter((r) => r.state === 'requested');
  const decided = input.requests.filter((r) => r.state !== 'requested');
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.agreements.requests.title'], selfPath: self, who: input.who },
    (t) => (
      <>
        <h1>
          {t['portal.agreements.requests.title']}: {input.organisationName}
        </h1>
        {input.missingReason ? (
          <div class="notice error" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
            <h2 id="error-summary-title">{t['portal.agreements.errorSummary']}</h2>
            <ul>
              <li>
                <a href={`#${reasonId(input.missingReason)}`}>{t['portal.agreements.reasonRequired']}</a>
              </li>
            </ul>
          </div>
        ) : null}
        {input.notice ? (
          <div class="notice" role="status">
            <p>{t[`portal.agreements.saved.${input.notice}`]}</p>
          </div>
        ) : null}
        <p>{t['portal.agreements.requests.intro']}</p>
        <h2>{t['portal.agreements.requests.open']}</h2>
        {open.length === 0 ? (
          <p>{t['portal.agreements.requests.noneOpen']}</p>
        ) : (
          open.map((r) => (
            <OpenRequest
              key={r.id}
              r={r}
              t={t}
              lang={input.lang}
              self={self}
              csrf={input.who.csrf}
              canChange={input.canChange}
              missingReason={input.missingReason === r.id}
            />
          ))
        )}
        <h2>{t['portal.agreements.requests.decided']}</h2>
        {decided.length === 0 ? (
          <p>{t['portal.agreements.requests.noneDecided']}</p>
        ) : (
          <table class="agreement-requests">
            <caption>{t['portal.agreements.requests.decided']}</caption>
            <thead>
              <tr>
                <th scope="col">{t['portal.agreements.col.service']}</th>
                <th scope="col">{t['portal.agreements.col.organisation']}</th>
                <th scope="col">{t['portal.agreements.col.requested']}</th>
                <th scope="col">{t['portal.agreements.col.state']}</th>
              </tr>
            </thead>
            <tbody>
              {decided.map((r) => (
                <tr key={r.id} data-request={r.id}>
                  <th scope="row">{pickText(r.serviceName, input.lang) || r.serviceId}</th>
                  <td>{pickText(r.organisationName, input.lang) || r.organisationId}</td>
                  <td>{stamp(r.requestedAt)}</td>
                  <td>
                    {t[`portal.agreements.state.${r.state}`]}
                    {r.decidedAt ? ` ${stamp(r.decidedAt)}` : ''}
                    {r.reason ? (
                      <>
                        {' '}
                        <q>{r.reason}</q>
                      </>
                    ) : null}
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

function OpenRequest(props: {
  r: AgreementRequestView;
  t: Messages;
  lang: Language;
  self: string;
  csrf: string;
  canChange: boolean;
  missingReason: boolean;
}) {
  const { r, t, lang } = props;
  const service = pickText(r.serviceName, lang) || r.serviceId;
  const organisation = pickText(r.organisationName, lang) || r.organisationId;
  const base = `${props.self}/${encodeURIComponent(r.id)}`;
  const field = reasonId(r.id);
  return (
    <section class="agreement-request" data-request={r.id} aria-labelledby={`title-${r.id}`}>
      <h3 id={`title-${r.id}`}>
        {service} – {organisation}
      </h3>
      <p>
        {t['portal.agreements.col.requested']}: {stamp(r.requestedAt)}
      </p>
      {props.canChange ? (
        <>
          <form method="post" action={`${base}/accept?lang=${lang}`}>
            <input type="hidden" name="csrf" value={props.csrf} />
            <button
              type="submit"
              aria-label={`${t['portal.agreements.accept']}: ${service} – ${organisation}`}
            >
              {t['portal.agreements.accept']}
            </button>
          </form>
          <form method="post" action={`${base}/decline?lang=${lang}`}>
            <input type="hidden" name="csrf" value={props.csrf} />
            <label for={field}>{t['portal.agreements.reason']}</label>
            <p id={`${field}-hint`} class="hint">
              {t['portal.agreements.reasonHint']}
            </p>
            {props.missingReason ? (
              <p id={`${field}-error`} class="field-error">
                {t['portal.agreements.reasonRequired']}
              </p>
            ) : null}
            <textarea
              id={field}
              name="reason"
              rows={3}
              maxLength={1000}
              aria-describedby={props.missingReason ? `${field}-hint ${field}-error` : `${field}-hint`}
              aria-invalid={props.missingReason ? 'true' : undefined}
            />
            <button
              type="submit"
              aria-label={`${t['portal.agreements.decline']}: ${service} – ${organisation}`}
            >
              {t['portal.agreements.decline']}
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}
