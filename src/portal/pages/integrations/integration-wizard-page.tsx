import type { Language } from '../../../core/language.ts';
import type { IntegrationChoices } from '../../commands/integrations/integration-choices.ts';
import type { WizardType } from '../../commands/integrations/integration-input.ts';
import type { IntegrationIssue } from '../../commands/integrations/integration-issues.ts';
import type { IntegrationSetup } from '../../commands/integrations/integration-setup.ts';
import { renderPortalPage, type WhoBox } from '../portal-layout.tsx';
import { IntegrationForm } from './integration-form.tsx';
import type { FormValues } from './integration-form-values.ts';
import { integrationsPath, newIntegrationPath } from './integration-paths.ts';
import { IntegrationSetupSection } from './integration-setup-section.tsx';
import { typeNameKey } from './integrations-list-page.tsx';

/**
 * A new integration of one type: step 1 (what school IT enters on their side, generated for this
 * integration) and step 2 (what they give back, the attribute names, discovery, allowed services) on one
 * page, so it works without JavaScript; saving validates everything and answers with the errors by field.
 */
export function renderIntegrationWizardPage(input: {
  lang: Language;
  who: WhoBox;
  organisationId: string;
  organisationName: string;
  type: WizardType;
  setup: IntegrationSetup;
  values: FormValues;
  issues: readonly IntegrationIssue[];
  choices: IntegrationChoices;
}): string {
  const self = newIntegrationPath(input.organisationId, input.type);
  return renderPortalPage(
    {
      lang: input.lang,
      title: (t) => t['portal.integration.newTitle'].replace('{detail}', t[typeNameKey(input.type)]),
      selfPath: self,
      who: input.who,
    },
    (t) => (
      <>
        <p>
          <a href={integrationsPath(input.organisationId)}>{t['portal.integration.back']}</a>
        </p>
        <h1>{t['portal.integration.newTitle'].replace('{detail}', t[typeNameKey(input.type)])}</h1>
        <p>{input.organisationName}</p>
        <IntegrationSetupSection t={t} setup={input.setup} typeName={t[typeNameKey(input.type)]} />
        <IntegrationForm
          t={t}
          lang={input.lang}
          type={input.type}
          action={`${self}&lang=${input.lang}`}
          csrf={input.who.csrf}
          values={input.values}
          issues={input.issues}
          choices={input.choices}
          submitLabel={t['portal.integration.create']}
        />
      </>
    ),
  );
}
