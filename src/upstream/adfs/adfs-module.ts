import { samlIdpModule } from '../saml/saml-idp-module.ts';

/**
 * ADFS as a school IdP (https://wiki.eduuni.fi/display/OPHPALV/ADFS-integraatio): a SAML 2.0 relying-party
 * trust created from Passi's SP metadata with signed requests and encrypted claims
 * (`-SignedSamlRequestsRequired $true -EncryptClaims $true`); claims named as in the ADFS column of
 * docs/data-model.md "Attribute names per upstream type". Encryption is required by default for this type
 * (settings `wantEncryptedAssertions`, saml-sp-settings.ts); see docs/integrations/adfs.md.
 */
export const adfsModule = samlIdpModule('adfs');
