import type { FetchLike } from '../../../outbound/outbound-fetch.ts';
import type { Integration } from '../../../registry/integration-schema.ts';
import { toUpstreamIntegration } from '../../../registry/registry-directory.ts';
import { loadIdpMetadataNow, logsInOverSaml } from '../../../upstream/saml/idp-metadata-schedule.ts';
import { createIdpMetadataStore } from '../../../upstream/saml/idp-metadata-store.ts';
import { organisationRegistryOf } from '../organisation-registry.ts';
import type { PortalDeps } from '../portal-deps.ts';
import type { IntegrationCheckDeps } from './validate-integration.ts';

/** The live checks' transport, replaceable in tests (the real outbound client still wraps it). */
export interface IntegrationCommandOptions {
  fetch?: FetchLike;
}

export function checkDepsOf(deps: PortalDeps, options: IntegrationCommandOptions = {}): IntegrationCheckDeps {
  return {
    clock: deps.clock,
    repo: organisationRegistryOf(deps).repo,
    orgdata: deps.joining?.orgdata,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
}

/**
 * Loads a saved SAML integration's metadata into the store before the save is answered: every node reads
 * the stored copy at login (src/upstream/saml/idp-metadata-store.ts), and the background refresh started
 * by the registry change may come after the school's first test login. A failure here is not the save's:
 * the metadata was just read successfully, and the scheduled refresh retries.
 */
export async function loadSavedMetadata(deps: PortalDeps, doc: Integration, secrets: Record<string, string>) {
  if (doc.status !== 'active' || !logsInOverSaml(doc)) return;
  const store = createIdpMetadataStore({ db: deps.db, clock: deps.clock });
  await loadIdpMetadataNow(store)([toUpstreamIntegration({ integration: doc, secrets })]);
}
