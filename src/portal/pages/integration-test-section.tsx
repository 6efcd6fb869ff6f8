import type { ValidationIssue } from '../../core/errors.ts';
import type { Language } from '../../core/language.ts';
import { messages } from '../../i18n/messages.ts';
import type { Integration } from '../../registry/integration-schema.ts';
import type { CreatedProductionIntegration } from '../commands/production-integration.ts';
import type { StoredTestLogin } from '../store/integration-test-store.ts';

const base = (organisationId: string, integrationId: string) =>
  `/portal/organisation/${encodeURIComponent(organisationId)}/integrations/${encodeURIComponent(integrationId)}`;

/** POST: starts a test login of the integration (a browser action, CSRF-checked). */
export const testLoginPath = (organisationId: string, integrationId: string) =>
  `${base(organisationId, integrationId)}/test-login`;

/** POST: creates the production integration from this test integration. */
export const productionPath = (organisationId: string, integrationId: string) =>
  `${base(organisationId, integrationId)}/production`;

const minute = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);

export interface IntegrationTestSectionProps {
  lang: Language;
  organisationId: string;
  integration: Pick<Integration, 'id' | 'flowName' | 'deploymentPhase' | 'status'>;
  /** lastTestLogins(), newest first. */
  results: StoredTestLogin[];
  csrf: string;
  /** Main users of the education provider and operators get the button; viewers only read. */
  canChange: boolean;
}

/**
 * "Test the connection" (docs/portal.md "Test login and production"): the last test logins of the
 * integration — who, when, passed or failed, and the problems by attribute and rule code — and the "Test
 * login" button, a plain form POST that works without JavaScript.
 */
export function IntegrationTestSection(props: IntegrationTestSectionProps) {
  const t = messages(props.lang);
  const { integration } = props;
  const testable = integration.deploymentPhase === 'test' && integration.status === 'active';
  return (
    <section aria-labelledby="test-login-heading" id="test-login">
      <h2 id="test-login-heading">{t['portal.itest.title']}</h2>
      <p>{t['portal.itest.intro']}</p>
      <p class="help">{t['portal.itest.passRule']}</p>
      {!testable ? (
        <p>{t['portal.itest.notTestable']}</p>
      ) : props.canChange ? (
        <form
          method="post"
          action={`${testLoginPath(props.organisationId, integration.id)}?lang=${props.lang}`}
          id="test-login-form"
        >
          <input type="hidden" name="csrf" value={props.csrf} />
          <fieldset>
            <legend>{t['portal.itest.protocol']}</legend>
            <input type="radio" id="test-login-saml" name="protocol" value="saml" checked />
            <label for="test-login-saml">SAML 2.0</label>{' '}
            <input type="radio" id="test-login-oidc" name="protocol" value="oidc" />
            <label for="test-login-oidc">OpenID Connect</label>
          </fieldset>
          <button type="submit">{t['portal.itest.start']}</button>
        </form>
      ) : null}
      <h3>{t['portal.itest.results']}</h3>
      {props.results.length === 0 ? (
        <p id="test-login-none">{t['portal.itest.noResults']}</p>
      ) : (
        <table id="test-login-results">
          <caption class="visually-hidden">{t['portal.itest.results']}</caption>
          <thead>
            <tr>
              <th scope="col">{t['portal.itest.col.at']}</th>
              <th scope="col">{t['portal.itest.col.who']}</th>
              <th scope="col">{t['portal.itest.col.result']}</th>
              <th scope="col">{t['portal.itest.col.problems']}</th>
            </tr>
          </thead>
          <tbody>
            {props.results.map((r) => (
              <tr key={r.id} data-passed={String(r.passed)}>
                <td>
                  <time dateTime={r.at.toISOString()}>{minute(r.at)}</time>
                </td>
                <td>{r.who}</td>
                <td>
                  <strong>{r.passed ? t['portal.itest.passed'] : t['portal.itest.failed']}</strong> (
                  {r.protocol.toUpperCase()})
                </td>
                <td>
                  <TestProblems result={r} t={t} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TestProblems(props: { result: StoredTestLogin; t: ReturnType<typeof messages> }) {
  const { t } = props;
  const { attributes, failure } = props.result.problems;
  if (attributes.length === 0 && !failure) return <>{t['portal.itest.noProblems']}</>;
  return (
    <ul class="test-problems">
      {failure ? (
        <li>
          {t['portal.itest.refusedBy']}: <code>{failure}</code>
        </li>
      ) : null}
      {attributes.map((a) => (
        <li key={a.attribute} data-attribute={a.attribute} data-status={a.status}>
          <code>{a.attribute}</code>:{' '}
          {a.status === 'error' ? t['portal.itest.attr.error'] : t['portal.itest.attr.empty']}
          {a.codes.length ? (
            <>
              {' '}
              (
              {a.codes.map((c, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <code>{c}</code>
                </>
              ))}
              )
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export interface ProductionSectionProps {
  lang: Language;
  organisationId: string;
  integration: Pick<Integration, 'id' | 'deploymentPhase'>;
  csrf: string;
  canChange: boolean;
  /** Whether the integration has a passed test login in the last 30 days. */
  tested: boolean;
  /** After a refused POST: the problems (paths and the integration schema's messages) and what was typed. */
  errors?: ValidationIssue[];
  flowName?: string;
  /** After a successful POST. */
  created?: Pick<CreatedProductionIntegration, 'integrationId' | 'flowName' | 'status'>;
}

/**
 * "Going to production": a NEW production integration from this test one (never a move; MPASSid's
 * management portal), allowed after a passed test login in the last 30 days. Refusals show an error
 * summary whose items link to the field or to the test login.
 */
export function ProductionSection(props: ProductionSectionProps) {
  const t = messages(props.lang);
  if (props.integration.deploymentPhase !== 'test') return null;
  const errors = props.errors ?? [];
  const flowError = errors.find((e) => e.path === 'flowName');
  const https = errors.some((e) => /https/.test(e.message));
  return (
    <section aria-labelledby="production-heading" id="production">
      <h2 id="production-heading">{t['portal.itest.prod.title']}</h2>
      <p>{t['portal.itest.prod.intro']}</p>
      {props.created ? (
        <div class="notice" role="status" id="production-created">
          <p>
            {t[
              props.created.status === 'pending'
                ? 'portal.itest.prod.createdPending'
                : 'portal.itest.prod.created'
            ]
              .replace('{id}', props.created.integrationId)
              .replace('{flowName}', props.created.flowName)}
          </p>
        </div>
      ) : null}
      {errors.length ? (
        <div
          class="notice error"
          role="alert"
          aria-labelledby="production-errors-title"
          tabIndex={-1}
          id="production-errors"
        >
          <p id="production-errors-title">{t['portal.itest.prod.errors']}</p>
          <ul>
            {errors.map((e) => (
              <li key={e.path + e.message}>
                <a
                  href={
                    e.path === 'flowName'
                      ? '#production-flow-name'
                      : e.path === 'test'
                        ? '#test-login'
                        : '#production'
                  }
                >
                  {e.path && e.path !== 'test' ? <code>{e.path}</code> : null}
                  {e.path && e.path !== 'test' ? ': ' : null}
                  {e.message}
                </a>
              </li>
            ))}
          </ul>
          {https ? <p>{t['portal.itest.prod.https']}</p> : null}
        </div>
      ) : null}
      {!props.tested ? (
        <p id="production-needs-test">
          {t['portal.itest.prod.needsTest']} <a href="#test-login">{t['portal.itest.prod.testFirst']}</a>
        </p>
      ) : null}
      {props.canChange ? (
        <form
          method="post"
          action={`${productionPath(props.organisationId, props.integration.id)}?lang=${props.lang}`}
          id="production-form"
        >
          <input type="hidden" name="csrf" value={props.csrf} />
          <label for="production-flow-name">{t['portal.itest.prod.flowName']}</label>
          <input
            type="text"
            id="production-flow-name"
            name="flowName"
            maxLength={64}
            value={props.flowName ?? ''}
            aria-describedby={`production-flow-name-help${flowError ? ' production-flow-name-error' : ''}`}
            aria-invalid={flowError ? 'true' : undefined}
          />
          <p id="production-flow-name-help" class="help">
            {t['portal.itest.prod.flowNameHelp']}
          </p>
          {flowError ? (
            <p id="production-flow-name-error" class="field-error">
              {flowError.message}
            </p>
          ) : null}
          <button type="submit">{t['portal.itest.prod.create']}</button>
        </form>
      ) : null}
    </section>
  );
}
