import type { RegistrySnapshot } from '../../registry/registry-snapshot.ts';

/**
 * `/idp/profile/Logout?return=<url>` (https://wiki.eduuni.fi/display/OPHPALV/MPASSid+ja+uloskirjautumisesta) returns only to an address registered for
 * an active service — a SAML logout return URL (exact, or under one ending in `/`) or an OIDC
 * post-logout redirect URI (exact) — never an open redirect.
 */
export function isRegisteredLogoutReturn(registry: RegistrySnapshot, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  for (const { service } of registry.services.values()) {
    if (service.status !== 'active') continue;
    if (service.protocol === 'saml') {
      for (const allowed of service.saml.logoutReturnUrls) {
        if (url === allowed) return true;
        if (allowed.endsWith('/') && url.startsWith(allowed) && new URL(allowed).origin === parsed.origin)
          return true;
      }
    } else if (service.oidc.postLogoutRedirectUris.includes(url)) {
      return true;
    }
  }
  return false;
}
