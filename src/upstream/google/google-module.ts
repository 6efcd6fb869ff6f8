import { samlIdpModule } from '../saml/saml-idp-module.ts';

/**
 * Google Workspace as a school IdP (docs/integrations/google.md): a custom SAML app in Google Admin with
 * Passi's ACS and entity id, directory fields mapped to the attribute names of docs/data-model.md
 * "Attribute names per upstream type". Google signs the assertion (or the response) and does not encrypt.
 */
export const googleModule = samlIdpModule('google');
