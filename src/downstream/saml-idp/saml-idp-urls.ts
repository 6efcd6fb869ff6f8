/** MPASSid-compatible IdP paths (https://wiki.eduuni.fi/display/OPHPALV/Connecting+a+service): services switch by changing the host name only. */
export function samlIdpUrls(publicUrl: string) {
  return {
    entityId: `${publicUrl}/idp/shibboleth`,
    metadata: `${publicUrl}/idp/shibboleth`,
    ssoRedirect: `${publicUrl}/idp/profile/SAML2/Redirect/SSO`,
    ssoPost: `${publicUrl}/idp/profile/SAML2/POST/SSO`,
    logout: `${publicUrl}/idp/profile/Logout`,
  };
}

export type SamlIdpUrls = ReturnType<typeof samlIdpUrls>;
