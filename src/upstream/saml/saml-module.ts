import { samlIdpModule } from './saml-idp-module.ts';

/** Any SAML 2.0 IdP (docs/integrations/saml.md): metadata by URL or XML, Passi as SP, MPASSid's names. */
export const samlModule = samlIdpModule('saml');
