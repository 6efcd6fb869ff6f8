import { type ComponentChildren, Fragment } from 'preact';
import { type Language, pickText } from '../../../core/language.ts';
import type { Messages } from '../../../i18n/messages.ts';
import type { IdpMetadataStatus } from '../../../upstream/saml/idp-metadata-store.ts';
import type { IntegrationView } from '../../commands/integrations/get-integration.ts';
import type { IntegrationChoices } from '../../commands/integrations/integration-choices.ts';
import type { IntegrationIssue } from '../../commands/integrations/integration-issues.ts';
import type { IntegrationSetup } from '../../commands/integrations/integration-setup.ts';
import type { LogoRefusal } from '../../logos/logo-image.ts';
import { LogoUploadForm } from '../logo-upload-form.tsx';
import { renderPortalPage, type WhoBox } from '../portal-layout.tsx';
import { IntegrationForm } from './integration-form.tsx';
import type { FormValues } from './integration-form-values.ts';
import { integrationPath, integrationsPath } from './integration-paths.ts';
import { IntegrationSetupSection } from './integration-setup-section.tsx';
import { typeNameKey } from './integrations-list-page.tsx';

/**
 * A section other features add to an integration's page ("Test login", "Create production integration",
 * "History", "Expiry"): rendered in order below the settings, each under its own h2 (the page has one h1).
 */
export interface IntegrationPageSection {
  /** Unique on the page; used as the section's heading id. */
  id: string;
  /** Without a heading the body is a section of its own, with its own landmark and h2. */
  heading?: (t: Messages) => string;
  body: (t: Messages) => ComponentChildren;
}

export interface IntegrationPageInput {
  lang: Language;
  who: WhoBox;
  organisationId: string;
  view: IntegrationView;
  setup: IntegrationSetup;
  /** The SAML metadata as stored for logins (entity id, certificates' expiry, validUntil), when SAML. */
  metadata: IdpMetadataStatus | undefined;
  canChange: boolean;
  saved: boolean;
  /** A refused save based on an older revision: who changed it and when. */
  conflict?: string | undefined;
  /** Why the uploaded logo was refused (shown at the logo field). */
  logoRefusal?: LogoRefusal | undefined;
  values: FormValues;
  issues: readonly IntegrationIssue[];
  choices: IntegrationChoices;
  /** The slot for other features' sections (see IntegrationPageSection). */
  extraSections?: readonly IntegrationPageSection[];
}

/** One integration: its settings, its SAML metadata as logins use it, the edit form, and other features' sections. */
export function renderIntegrationPage(input: IntegrationPageInput): string {
  const { view } = input;
  const i = view.integration;
  const self = integrationPath(input.organisationId, i.id);
  const name = pickText(i.discovery.displayName, input.lang) || i.flowName;
  const date = (d: Date | undefined) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '–');
  return renderPortalPage(
    {
      lang: input.lang,
      title: (t) => t['portal.integration.editTitle'].replace('{detail}', name),
      selfPath: self,
      who: input.who,
    },
    (t) => (
      <>
        <p>
          <a href={integrationsPath(input.organisationId)}>{t['portal.integration.back']}</a>
        </p>
        <h1>{t['portal.integration.editTitle'].replace('{detail}', name)}</h1>
        {input.saved ? (
          <div class="notice" role="status">
            <p>{t['portal.integration.saved']}</p>
          </div>
        ) : null}
        {input.conflict ? (
          <div class="notice error" role="alert" id="conflict">
            <p>{t['portal.integration.conflict'].replace('{detail}', input.conflict)}</p>
          </div>
        ) : null}
        <section aria-labelledby="settings-heading">
          <h2 id="settings-heading">{t['portal.integration.settings']}</h2>
          <dl class="details">
            <dt>{t['portal.integration.id']}</dt>
            <dd>{i.id}</dd>
            <dt>{t['portal.integration.col.type']}</dt>
            <dd>{t[typeNameKey(view.wizardType ?? i.type)]}</dd>
            <dt>{t['portal.integration.col.flowName']}</dt>
            <dd>
              <code>{i.flowName}</code>
            </dd>
            <dt>{t['portal.integration.col.phase']}</dt>
            <dd>{t[`portal.integration.phase.${i.deploymentPhase}`]}</dd>
            <dt>{t['portal.integration.col.status']}</dt>
            <dd>
              {
                t[
                  i.status === 'active'
                    ? 'portal.integration.status.active'
                    : 'portal.integration.status.inactive'
                ]
              }
            </dd>
            <dt>{t['portal.integration.revision']}</dt>
            <dd>{view.revision}</dd>
            <dt>{t['portal.integration.lastChange']}</dt>
            <dd>{view.lastChange ? `${view.lastChange.actor}, ${date(view.lastChange.at)} UTC` : '–'}</dd>
          </dl>
        </section>
        {input.metadata ? <MetadataSection t={t} metadata={input.metadata} date={date} /> : null}
        {input.extraSections?.map((s) =>
          s.heading ? (
            <section key={s.id} aria-labelledby={`${s.id}-heading`} class="integration-extra">
              <h2 id={`${s.id}-heading`}>{s.heading(t)}</h2>
              {s.body(t)}
            </section>
          ) : (
            <Fragment key={s.id}>{s.body(t)}</Fragment>
          ),
        )}
        {view.wizardType ? (
          <IntegrationSetupSection t={t} setup={input.setup} typeName={t[typeNameKey(view.wizardType)]} />
        ) : null}
        {input.canChange && view.wizardType ? (
          <section aria-labelledby="edit-heading">
            <h2 id="edit-heading">{t['portal.integration.edit']}</h2>
            <IntegrationForm
              t={t}
              lang={input.lang}
              type={view.wizardType}
              action={`${self}?lang=${input.lang}`}
              csrf={input.who.csrf}
              values={input.values}
              issues={input.issues}
              choices={input.choices}
              revision={view.revision}
              secretsSet={view.secretsSet}
              submitLabel={t['portal.integration.save']}
            />
          </section>
        ) : (
          <p>{t['portal.integration.viewOnly']}</p>
        )}
        {input.canChange ? (
          <LogoUploadForm
            t={t}
            action={`${self}/logo?lang=${input.lang}`}
            csrf={input.who.csrf}
            revision={view.revision}
            current={i.discovery.logo}
            error={input.logoRefusal ? t[`portal.logo.refusal.${input.logoRefusal}`] : undefined}
          />
        ) : null}
      </>
    ),
  );
}

function MetadataSection(props: {
  t: Messages;
  metadata: IdpMetadataStatus;
  date: (d: Date | undefined) => string;
}) {
  const { t, metadata: m } = props;
  return (
    <section aria-labelledby="metadata-heading">
      <h2 id="metadata-heading">{t['portal.integration.metadata']}</h2>
      <dl class="details">
        <dt>{t['portal.integration.metadataEntityId']}</dt>
        <dd>
          <code>{m.entityId}</code>
        </dd>
        <dt>{t['portal.integration.metadataCertificate']}</dt>
        <dd>{props.date(m.certificatesNotAfter)}</dd>
        <dt>{t['portal.integration.metadataValidUntil']}</dt>
        <dd>{props.date(m.validUntil)}</dd>
        <dt>{t['portal.integration.metadataFetched']}</dt>
        <dd>{props.date(m.fetchedAt)}</dd>
        {m.lastError ? (
          <>
            <dt>{t['portal.integration.metadataError']}</dt>
            <dd>{m.lastError}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
