const org = (organisationId: string) => `/portal/organisation/${encodeURIComponent(organisationId)}`;

/** The organisation's integrations (docs/portal.md "Integrations"). */
export const integrationsPath = (organisationId: string) => `${org(organisationId)}/integrations`;

/** The wizard of a new integration; without a type, the type chooser. */
export const newIntegrationPath = (organisationId: string, type?: string) =>
  `${integrationsPath(organisationId)}/new${type ? `?type=${encodeURIComponent(type)}` : ''}`;

/** One integration's page: its settings and the edit form. */
export const integrationPath = (organisationId: string, integrationId: string) =>
  `${integrationsPath(organisationId)}/${encodeURIComponent(integrationId)}`;

/** The form field's element id (`settings.metadataUrl` → `f-settings-metadataUrl`), the error summary's link target. */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
