import type { Principal } from '../../domain/principal.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { checkIntegrationUrl } from './check-integration-urls.ts';
import { checkSamlMetadata, type SamlMetadataPreview } from './check-saml-metadata.ts';
import { authoriseIntegrations } from './integration-access.ts';
import { IntegrationValidationError } from './integration-issues.ts';
import type { IntegrationCommandOptions } from './integration-save-deps.ts';

/**
 * Reads a school IdP's metadata (by address or as XML) with the checks of a save, without saving: what
 * the wizard shows before school IT commits to it. New integrations are in the test phase, so a plain
 * http address is accepted here as it is on save.
 */
export async function previewSamlMetadata(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  input: { metadataUrl?: string | undefined; metadataXml?: string | undefined },
  ip: string,
  options: IntegrationCommandOptions = {},
): Promise<SamlMetadataPreview> {
  await authoriseIntegrations(
    deps,
    principal,
    organisationId,
    { what: 'check IdP metadata', change: true },
    ip,
  );
  const xml = input.metadataXml;
  const url = input.metadataUrl?.trim();
  if (xml === undefined && !url)
    throw new IntegrationValidationError([
      {
        path: 'settings.metadataUrl',
        code: 'required',
        message: 'give the metadata address or the metadata XML',
      },
    ]);
  if (xml === undefined && url) {
    const bad = checkIntegrationUrl('settings.metadataUrl', url, 'test');
    if (bad) throw new IntegrationValidationError([bad]);
  }
  const result = await checkSamlMetadata(
    { clock: deps.clock, ...(options.fetch ? { fetch: options.fetch } : {}) },
    xml !== undefined
      ? { kind: 'xml', xml, path: 'settings.metadataXml' }
      : { kind: 'url', url: url ?? '', path: 'settings.metadataUrl' },
    { httpsOnly: false },
  );
  if ('issue' in result) throw new IntegrationValidationError([result.issue]);
  return result.preview;
}
