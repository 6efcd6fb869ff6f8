import { requestLanguage } from '../../http/request-language.ts';
import type { Messages } from '../../i18n/messages-fi.ts';
import { integrationOfOrganisation } from '../commands/integration-test-access.ts';
import { lastTestLogins } from '../commands/integration-test-login.ts';
import { organisationRegistryOf } from '../commands/organisation-registry.ts';
import type { PortalDeps } from '../commands/portal-deps.ts';
import { recentlyTested } from '../commands/production-integration.ts';
import { entraAttributeTestPath } from '../pages/entra-attribute-test-page.tsx';
import { historyPath } from '../pages/history/history-page.tsx';
import { IntegrationTestSection, ProductionSection } from '../pages/integration-test-section.tsx';
import type { IntegrationSectionsProvider } from './integration-pages.tsx';

/**
 * The integration page's "Test the connection" and "Going to production" sections (docs/portal.md "Test
 * login and production"): the last test results with the "Test login" button, and the production form.
 * After "Create production integration" the page is opened with `?created=<id>`; the notice names the new
 * integration only when it belongs to the same organisation.
 */
export function integrationTestSections(deps: () => PortalDeps): IntegrationSectionsProvider {
  return async ({ principal, organisationId, integrationId, viewer, request }) => {
    const d = deps();
    const lang = requestLanguage(request);
    const ids = { organisationId, integrationId };
    const integration = await integrationOfOrganisation(
      d,
      principal,
      ids,
      { what: 'see the integration', change: false },
      request.ip,
    );
    const results = await lastTestLogins(d, principal, organisationId, integrationId, request.ip);
    const tested = await recentlyTested(d, integration.id);
    const role = viewer.session.role;
    const canChange = role === 'operator' || role === 'education-main';
    const csrf = viewer.session.csrfToken;
    const createdId = (request.query as Record<string, unknown> | undefined)?.created;
    const entry =
      typeof createdId === 'string'
        ? (await organisationRegistryOf(d).cache.current()).integrations.get(createdId.slice(0, 20))
        : undefined;
    const created =
      entry?.integration.organisationOid === organisationId
        ? {
            integrationId: entry.integration.id,
            flowName: entry.integration.flowName,
            status: entry.integration.status,
          }
        : undefined;
    // Entra ID over SAML + Graph: a named user's attributes without a login (docs/portal.md).
    const entraTest =
      integration.type === 'entra'
        ? [
            {
              id: 'entra-test',
              heading: (t: Messages) => t['portal.entratest.title'],
              body: (t: Messages) => (
                <p>
                  <a href={`${entraAttributeTestPath(organisationId, integrationId)}?lang=${lang}`}>
                    {t['portal.entratest.title']}
                  </a>
                </p>
              ),
            },
          ]
        : [];
    return [
      ...entraTest,
      {
        id: 'history',
        heading: (t) => t['portal.history.caption'],
        body: (t) => (
          <p>
            <a href={`${historyPath(organisationId, 'integration', integrationId)}?lang=${lang}`}>
              {t['portal.history.title.integration']}
            </a>
          </p>
        ),
      },
      {
        id: 'test-login',
        body: () => (
          <IntegrationTestSection
            lang={lang}
            organisationId={organisationId}
            integration={integration}
            results={results}
            csrf={csrf}
            canChange={canChange}
          />
        ),
      },
      {
        id: 'production',
        body: () => (
          <ProductionSection
            lang={lang}
            organisationId={organisationId}
            integration={integration}
            csrf={csrf}
            canChange={canChange}
            tested={tested}
            {...(created ? { created } : {})}
          />
        ),
      },
    ];
  };
}
