/**
 * Passi's SP addresses toward schools' IdPs. Entity id `<publicUrl>/sp`; one ACS per
 * integration flow, so a response can only complete a login at the integration it was sent to (mix-up
 * defence), plus MPASSid's Shibboleth SP paths (https://wiki.eduuni.fi/display/OPHPALV/ADFS-integraatio) for schools moving from MPASSid.
 */
export interface SpUrls {
  entityId: string;
  metadata: string;
  /** `/sp/<flowName>/acs` (the one Passi puts in its AuthnRequests) and the Shibboleth-style alias. */
  acs(flowName: string): { primary: string; alias: string };
  flowMetadata(flowName: string): string;
}

export function spUrls(publicUrl: string): SpUrls {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    entityId: `${base}/sp`,
    metadata: `${base}/sp/metadata`,
    acs: (flowName) => ({
      primary: `${base}/sp/${encodeURIComponent(flowName)}/acs`,
      alias: `${base}/${encodeURIComponent(flowName)}/Shibboleth.sso/SAML2/POST`,
    }),
    flowMetadata: (flowName) => `${base}/sp/${encodeURIComponent(flowName)}/metadata`,
  };
}
