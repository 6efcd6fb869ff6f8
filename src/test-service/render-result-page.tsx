import type { Language } from '../core/language.ts';
import { renderPage } from '../http/render/layout.tsx';
import type { StoredLoginDetail } from '../store/state/login-report-store.ts';
import type { AttributeRow } from './attribute-rows.ts';
import { COPY_REPORT_SCRIPT_PATH } from './copy-report-script.ts';
import type { TestLoginFailure } from './test-login-failure.ts';
import type { SavedTestLogin } from './test-login-outcome.ts';

export interface TestResult {
  protocol: 'saml' | 'oidc';
  /** Released attributes by data name, as the service received them. */
  rows: AttributeRow[];
  /** Why the login shows no result: a plain reason, the error id, and what Passi answered if it did. */
  failure?: TestLoginFailure;
  /** What the school sent and what the rules did (kept 15 minutes for this service only). */
  detail?: StoredLoginDetail;
  /** Extra protocol facts for the report (NameID, acr, sub, issuer). */
  facts: Record<string, string>;
  /** The portal's test login: whether the result was saved with the integration, and the way back. */
  saved?: SavedTestLogin;
}

/**
 * The attribute test service's result: statuses, the raw attributes, the rules, and a copyable report.
 * `nonce` is this response's CSP nonce, for the "Copy report" script (assets/copy-report.js).
 */
export function renderResultPage(lang: Language, result: TestResult, nonce: string): string {
  const report = JSON.stringify(
    {
      protocol: result.protocol,
      facts: result.facts,
      failure: result.failure,
      released: Object.fromEntries(result.rows.filter((r) => r.values.length).map((r) => [r.name, r.values])),
      statuses: Object.fromEntries(result.rows.map((r) => [r.name, r.status])),
      raw: result.detail?.raw,
      problems: result.detail?.problems,
    },
    null,
    2,
  );
  const statusText = (t: Record<string, string>, s: AttributeRow['status']) =>
    s === 'ok' ? t['ts.ok'] : s === 'empty' ? t['ts.empty'] : t['ts.error'];
  const failure = result.failure;
  return renderPage({ lang, title: (t) => t['ts.result'], selfPath: '/test-service/' }, (t) => (
    <>
      <h1>{failure ? t['ts.failed'] : t['ts.result']}</h1>
      {result.saved ? <SavedNotice saved={result.saved} t={t} /> : null}
      {failure ? (
        <div class="error-box" role="alert">
          {failure.reason === 'refused' ? (
            <p>
              {t['ts.refused']} <code>{failure.protocolError}</code>
            </p>
          ) : (
            <p>{failure.reason === 'notStarted' ? t['ts.notStarted'] : t['ts.rejected']}</p>
          )}
          <p>
            {t['error.id']}: <strong class="error-id">{failure.errorId}</strong>
          </p>
        </div>
      ) : null}
      <dl>
        {Object.entries(result.facts).map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>
              <code>{v}</code>
            </dd>
          </>
        ))}
      </dl>
      <table id="released">
        <caption class="visually-hidden">{t['ts.result']}</caption>
        <thead>
          <tr>
            <th scope="col">{t['ts.attribute']}</th>
            <th scope="col">{t['ts.name']}</th>
            <th scope="col">{t['ts.values']}</th>
            <th scope="col">{t['ts.status']}</th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => (
            <tr key={r.name} data-attribute={r.name}>
              <th scope="row">{r.name}</th>
              <td>
                <code>{result.protocol === 'saml' ? r.samlName : r.oidcClaim}</code>
                {result.protocol === 'saml' ? ` (${r.friendlyName})` : ''}
              </td>
              <td>
                {r.values.map((v) => (
                  <div key={v}>
                    <code>{v}</code>
                  </div>
                ))}
              </td>
              <td class={`status-${r.status}`} data-status={r.status}>
                {statusText(t, r.status)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t['ts.raw']}</h2>
      {result.detail ? (
        <table id="raw">
          <tbody>
            {Object.entries(result.detail.raw).map(([name, values]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>
                  {values.map((v) => (
                    <div key={v}>
                      <code>{v}</code>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t['ts.rawMissing']}</p>
      )}
      <h2>{t['ts.problems']}</h2>
      {result.detail?.problems.length ? (
        <ul id="problems">
          {result.detail.problems.map((p) => (
            <li key={p.code + p.attributes.join()}>
              <code>{p.code}</code> ({p.severity}): {p.message}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t['ts.noProblems']}</p>
      )}
      <h2>
        <label for="report">{t['ts.report']}</label>
      </h2>
      <textarea id="report" readOnly rows={12} cols={80}>
        {report}
      </textarea>
      {/* The script puts the button in place where copying can work; without it the textarea is enough. */}
      <p class="copy-report">
        <template id="copy-report-template" data-copied={t['ts.copied']} data-failed={t['ts.copyFailed']}>
          <button type="button" id="copy-report">
            {t['ts.copy']}
          </button>
        </template>{' '}
        <span id="copy-report-status" role="status" aria-live="polite" />
      </p>
      <script src={COPY_REPORT_SCRIPT_PATH} nonce={nonce || undefined} defer />
      <p>
        <a class="button" href={`/test-service/?lang=${lang}`}>
          {t['ts.again']}
        </a>
      </p>
    </>
  ));
}

/** The portal's test login: saved with the integration (passed or failed) or not, and the link back. */
function SavedNotice(props: { saved: SavedTestLogin; t: Record<string, string> }) {
  const { saved, t } = props;
  const text =
    'refused' in saved.saved
      ? t['portal.itest.notSaved']
      : saved.saved.passed
        ? t['portal.itest.savedPassed']
        : t['portal.itest.savedFailed'];
  return (
    <div class="notice" role="status" id="test-login-saved">
      <p>{text}</p>
      <p>
        <a href={saved.backHref}>{t['portal.itest.backToIntegration']}</a>
      </p>
    </div>
  );
}
