import { MPASS_ATTRIBUTE_NAMES } from '../../model/attribute-mapping.ts';
import { type ConfigureValue, connectorModule, type ReturnRoute } from '../connector-module.ts';
import { createSamlSpConnector, samlFlowStateSchema } from './saml-sp-connector.ts';
import { samlSettingsSchema } from './saml-sp-settings.ts';
import { spUrls } from './sp-urls.ts';

/**
 * The SAML ACS (HTTP-POST binding): one per integration, so a response can only complete a login at the
 * integration it was sent to, plus MPASSid's Shibboleth SP path for schools moving from MPASSid
 * (https://wiki.eduuni.fi/display/OPHPALV/ADFS-integraatio).
 */
export const SAML_ACS_ROUTE: ReturnRoute = {
  method: 'POST',
  paths: ['/sp/:flowName/acs', '/:flowName/Shibboleth.sso/SAML2/POST'],
  protocolBody: true,
  perIntegrationEndpoint: true,
};

/** What school IT enters in their IdP for Passi as a SAML SP (the relying party / custom SAML app). */
export function samlConfigureValues(base: string, flowName: string): ConfigureValue[] {
  const sp = spUrls(base);
  return [
    { label: 'SP entity id (relying party identifier)', value: sp.entityId },
    { label: 'ACS URL (reply URL)', value: sp.acs(flowName).primary },
    { label: 'SP metadata', value: sp.flowMetadata(flowName) },
  ];
}

/**
 * A SAML IdP type (ADFS, Google Workspace, generic SAML): the shared SP connector, the `saml` settings, the
 * ACS, MPASSid's attribute names. Each type keeps its own folder and module; this is what they share.
 */
export function samlIdpModule<T extends 'adfs' | 'google' | 'saml'>(type: T) {
  return connectorModule({
    type,
    settings: samlSettingsSchema,
    flowState: samlFlowStateSchema,
    secrets: [],
    defaultMapping: MPASS_ATTRIBUTE_NAMES,
    // The metadata carries the keys Passi trusts (docs/integrations/saml.md): over plain http anyone on the
    // path could replace them and sign assertions for every pupil.
    httpsOnly: (s) => [['metadataUrl', s.metadataUrl]],
    returnRoutes: [{ route: SAML_ACS_ROUTE }],
    configure: (integration, urls) => samlConfigureValues(urls.base, integration.flowName),
    create: (deps) => createSamlSpConnector(type, deps.samlSp),
  });
}
