import { type Language, pickText } from '../../../core/language.ts';
import type { MessageKey } from '../../../i18n/messages.ts';
import { WIZARD_TYPES } from '../../commands/integrations/integration-input.ts';
import type { IntegrationSummary } from '../../commands/integrations/list-integrations.ts';
import { renderPortalPage, type WhoBox } from '../portal-layout.tsx';
import { integrationPath, integrationsPath, newIntegrationPath } from './integration-paths.ts';

const TYPE_NAMES: Record<string, MessageKey> = {
  ...Object.fromEntries(WIZARD_TYPES.map((type) => [type, `portal.integration.type.${type}` as const])),
  'test-directory': 'portal.integration.type.test-directory',
};

/** The message key of a type's name (wizard types and the test directory). */
export const typeNameKey = (type: string): MessageKey => TYPE_NAMES[type] ?? 'portal.integration.type.saml';

/** The organisation's integrations and the way to a new one (docs/portal.md "Integrations"). */
export function renderIntegrationsListPage(input: {
  lang: Language;
  who: WhoBox;
  organisationId: string;
  organisationName: string;
  integrations: IntegrationSummary[];
  canChange: boolean;
}): string {
  const self = integrationsPath(input.organisationId);
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.integration.listTitle'], selfPath: self, who: input.who },
    (t) => (
      <>
        <h1>
          {t['portal.integration.listTitle']}: {input.organisationName}
        </h1>
        <p>{t['portal.integration.listIntro']}</p>
        {input.integrations.length === 0 ? (
          <p>{t['portal.integration.none']}</p>
        ) : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t['portal.integration.col.name']}</th>
                  <th scope="col">{t['portal.integration.col.type']}</th>
                  <th scope="col">{t['portal.integration.col.flowName']}</th>
                  <th scope="col">{t['portal.integration.col.phase']}</th>
                  <th scope="col">{t['portal.integration.col.status']}</th>
                </tr>
              </thead>
              <tbody>
                {input.integrations.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      <a href={integrationPath(input.organisationId, i.id)}>
                        {pickText(i.displayName, input.lang) || i.flowName}
                      </a>
                    </th>
                    <td>{t[typeNameKey(i.wizardType ?? i.type)]}</td>
                    <td>
                      <code>{i.flowName}</code>
                    </td>
                    <td>{t[`portal.integration.phase.${phaseOf(i.deploymentPhase)}`]}</td>
                    <td>
                      {
                        t[
                          i.status === 'active'
                            ? 'portal.integration.status.active'
                            : 'portal.integration.status.inactive'
                        ]
                      }
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {input.canChange ? (
          <section aria-labelledby="new-heading">
            <h2 id="new-heading">{t['portal.integration.new']}</h2>
            <p>{t['portal.integration.chooseType']}:</p>
            <ul>
              {WIZARD_TYPES.map((type) => (
                <li key={type}>
                  <a href={newIntegrationPath(input.organisationId, type)}>
                    {t[`portal.integration.type.${type}`]}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          <p>{t['portal.integration.viewOnly']}</p>
        )}
      </>
    ),
  );
}

function phaseOf(phase: string): 'test' | 'preproduction' | 'production' {
  return phase === 'production' || phase === 'preproduction' ? phase : 'test';
}
