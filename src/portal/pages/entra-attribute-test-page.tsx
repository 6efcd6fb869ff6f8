import type { Language } from '../../core/language.ts';
import type { EntraAttributeTest } from '../commands/entra-attribute-test.ts';
import { integrationTestPath } from '../commands/production-integration.ts';
import { renderPortalPage, type WhoBox } from './portal-layout.tsx';

export function entraAttributeTestPath(organisationId: string, integrationId: string): string {
  return `/portal/organisation/${encodeURIComponent(organisationId)}/integrations/${encodeURIComponent(integrationId)}/entra-attribute-test`;
}

/**
 * "Test attributes of an Entra ID user" (docs/portal.md): one plain form (no JavaScript), the error summary
 * linked to the field (WCAG 2.1 SC 3.3.1), and the result as a table with a caption and header cells
 * (SC 1.3.1), like the attribute test service's result after a login.
 */
export function renderEntraAttributeTestPage(input: {
  lang: Language;
  who: WhoBox;
  organisationId: string;
  organisationName: string;
  integrationId: string;
  integrationName: string;
  isEntra: boolean;
  userId?: string;
  /** The field's problem, already in the page's language. */
  error?: string;
  result?: EntraAttributeTest;
}): string {
  const self = entraAttributeTestPath(input.organisationId, input.integrationId);
  const { result } = input;
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.entratest.title'], selfPath: self, who: input.who },
    (t) => (
      <>
        <h1>{t['portal.entratest.title']}</h1>
        <p class="organisation-name">
          {input.organisationName}: {input.integrationName} ({input.integrationId})
        </p>
        <p>
          <a href={`${integrationTestPath(input.organisationId, input.integrationId)}?lang=${input.lang}`}>
            {t['portal.entratest.back']}
          </a>
        </p>
        {!input.isEntra ? (
          <p class="notice" role="status" id="not-entra">
            {t['portal.entratest.notEntra']}
          </p>
        ) : (
          <>
            <p>{t['portal.entratest.intro']}</p>
            <form method="post" action={`${self}?lang=${input.lang}`} novalidate>
              {input.error ? (
                <div
                  class="notice error"
                  role="alert"
                  aria-labelledby="entra-test-errors-title"
                  tabIndex={-1}
                  id="error-summary"
                >
                  <p id="entra-test-errors-title">{t['portal.entratest.errorSummary']}</p>
                  <ul>
                    <li>
                      <a href="#userId">{input.error}</a>
                    </li>
                  </ul>
                </div>
              ) : null}
              <input type="hidden" name="csrf" value={input.who.csrf} />
              <div class="field">
                <label for="userId">{t['portal.entratest.userId']}</label>
                <p class="hint" id="userId-hint">
                  {t['portal.entratest.userIdHint']}
                </p>
                {input.error ? (
                  <p class="field-error" id="userId-error">
                    {input.error}
                  </p>
                ) : null}
                <input
                  type="text"
                  id="userId"
                  name="userId"
                  required
                  maxLength={256}
                  autocomplete="off"
                  spellcheck={false}
                  value={input.userId ?? ''}
                  aria-describedby={input.error ? 'userId-hint userId-error' : 'userId-hint'}
                  aria-invalid={input.error ? 'true' : undefined}
                />
              </div>
              <button type="submit">{t['portal.entratest.submit']}</button>
            </form>
          </>
        )}
        {result ? (
          <section aria-labelledby="entra-test-result" id="result">
            <h2 id="entra-test-result">{t['portal.entratest.resultTitle']}</h2>
            {result.outcome === 'graph-error' ? (
              <div class="notice error" role="alert" id="graph-error">
                <p>
                  <strong>{t['portal.entratest.graphError']}</strong>
                </p>
                <p>{t[`portal.entratest.fix.${result.fix}`]}</p>
                <p>
                  {t['portal.entratest.technical']}: <code>{result.message}</code>
                </p>
              </div>
            ) : (
              <>
                <p class={result.blocked ? 'notice error' : 'notice'} role="status" id="login-outcome">
                  {result.blocked ? t['portal.entratest.blocked'] : t['portal.entratest.passes']}
                </p>
                <table>
                  <caption>{t['portal.entratest.caption']}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t['portal.entratest.col.attribute']}</th>
                      <th scope="col">{t['portal.entratest.col.status']}</th>
                      <th scope="col">{t['portal.entratest.col.values']}</th>
                      <th scope="col">{t['portal.entratest.col.rules']}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.attributes.map((a) => (
                      <tr key={a.name} data-attribute={a.name} data-status={a.status}>
                        <th scope="row">
                          <code>{a.name}</code>
                        </th>
                        <td class={`status-${a.status}`}>{t[`portal.entratest.status.${a.status}`]}</td>
                        <td>{a.values.join(', ')}</td>
                        <td>
                          {a.rules.map((r) => (
                            <span key={`${r.code}-${r.message}`} class="rule">
                              <code>{r.code}</code> ({r.severity}): {r.message}{' '}
                            </span>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p>
                  {t['portal.entratest.select']}:{' '}
                  {result.select.map((n, i) => (
                    <span key={n}>
                      {i > 0 ? ', ' : ''}
                      <code>{n}</code>
                    </span>
                  ))}
                </p>
              </>
            )}
          </section>
        ) : null}
      </>
    ),
  );
}
