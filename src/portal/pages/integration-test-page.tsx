import type { Language } from '../../core/language.ts';
import { pickText } from '../../core/language.ts';
import type { Integration } from '../../registry/integration-schema.ts';
import type { PendingProductionIntegration } from '../commands/production-integration.ts';
import { integrationTestPath } from '../commands/production-integration.ts';
import type { StoredTestLogin } from '../store/integration-test-store.ts';
import {
  IntegrationTestSection,
  ProductionSection,
  type ProductionSectionProps,
} from './integration-test-section.tsx';
import { renderPortalPage, type WhoBox } from './portal-layout.tsx';

/** The operators' list of production integrations waiting for approval. */
export const PRODUCTION_APPROVALS_PATH = '/portal/operator/production-integrations';

const minute = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);

/**
 * The answer to a refused "Create production integration" (400/409): both sections with the error summary
 * and a link back to the integration page, where the sections normally are (docs/portal.md "Test login
 * and production").
 */
export function renderIntegrationTestPage(input: {
  lang: Language;
  who: WhoBox;
  organisationId: string;
  organisationName: string;
  integration: Integration;
  results: StoredTestLogin[];
  tested: boolean;
  canChange: boolean;
  production?: Pick<ProductionSectionProps, 'errors' | 'flowName' | 'created'>;
}): string {
  const { integration } = input;
  const self = integrationTestPath(input.organisationId, integration.id);
  const name = pickText(integration.discovery.displayName ?? {}, input.lang) || integration.flowName;
  return renderPortalPage(
    {
      lang: input.lang,
      title: (t) => `${t['portal.itest.pageTitle']}: ${integration.id}`,
      selfPath: self,
      who: input.who,
    },
    (t) => (
      <>
        <h1>
          {t['portal.itest.pageTitle']}: {name}
        </h1>
        <p>
          <a href={self}>{t['portal.itest.backToIntegration']}</a>
        </p>
        <dl>
          <dt>{t['portal.itest.integration']}</dt>
          <dd>
            {integration.id} ({integration.flowName}), {input.organisationName}
          </dd>
          <dt>{t['portal.itest.phase']}</dt>
          <dd>{t[`portal.itest.phase.${integration.deploymentPhase}`]}</dd>
          <dt>{t['portal.itest.status']}</dt>
          <dd>{t[`portal.itest.status.${integration.status}`]}</dd>
        </dl>
        <IntegrationTestSection
          lang={input.lang}
          organisationId={input.organisationId}
          integration={integration}
          results={input.results}
          csrf={input.who.csrf}
          canChange={input.canChange}
        />
        <ProductionSection
          lang={input.lang}
          organisationId={input.organisationId}
          integration={integration}
          csrf={input.who.csrf}
          canChange={input.canChange}
          tested={input.tested}
          {...input.production}
        />
      </>
    ),
  );
}

/** Operators: production integrations waiting for approval, each with an approve button (a form POST). */
export function renderProductionApprovalsPage(input: {
  lang: Language;
  who: WhoBox;
  pending: PendingProductionIntegration[];
  approved?: string;
}): string {
  return renderPortalPage(
    {
      lang: input.lang,
      title: (t) => t['portal.itest.approvals.title'],
      selfPath: PRODUCTION_APPROVALS_PATH,
      who: input.who,
    },
    (t) => (
      <>
        <h1>{t['portal.itest.approvals.title']}</h1>
        {input.approved ? (
          <div class="notice" role="status" id="production-approved">
            <p>{t['portal.itest.approvals.approved'].replace('{id}', input.approved)}</p>
          </div>
        ) : null}
        <p>{t['portal.itest.approvals.intro']}</p>
        {input.pending.length === 0 ? (
          <p id="production-approvals-none">{t['portal.itest.approvals.none']}</p>
        ) : (
          <table id="production-approvals">
            <caption>{t['portal.itest.approvals.caption']}</caption>
            <thead>
              <tr>
                <th scope="col">{t['portal.itest.approvals.col.integration']}</th>
                <th scope="col">{t['portal.itest.approvals.col.organisation']}</th>
                <th scope="col">{t['portal.itest.approvals.col.from']}</th>
                <th scope="col">{t['portal.itest.approvals.col.requested']}</th>
                <th scope="col">
                  <span class="visually-hidden">{t['portal.itest.approvals.col.action']}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {input.pending.map((p) => (
                <tr key={p.integrationId} data-integration={p.integrationId}>
                  <th scope="row">
                    {p.integrationId} ({p.flowName}, {p.type})
                  </th>
                  <td>
                    <a href={`/portal/organisation/${encodeURIComponent(p.organisationId)}`}>
                      {p.organisationId}
                    </a>
                  </td>
                  <td>
                    <a href={integrationTestPath(p.organisationId, p.sourceIntegrationId)}>
                      {p.sourceIntegrationId}
                    </a>
                  </td>
                  <td>
                    <time dateTime={p.requestedAt.toISOString()}>{minute(p.requestedAt)}</time>
                  </td>
                  <td>
                    <form
                      method="post"
                      action={`${PRODUCTION_APPROVALS_PATH}/${encodeURIComponent(p.integrationId)}/approve?lang=${input.lang}`}
                    >
                      <input type="hidden" name="csrf" value={input.who.csrf} />
                      <button type="submit">
                        {t['portal.itest.approvals.approve'].replace('{id}', p.integrationId)}
                      </button>
                    </form>
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
