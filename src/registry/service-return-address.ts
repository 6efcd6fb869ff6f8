import type { Language } from '../core/language.ts';
import { pickText } from '../core/language.ts';
import type { RegistrySnapshot } from './registry-snapshot.ts';

/**
 * Where a user whose login was lost can start again: the origin of the service's registered default ACS
 * (SAML) or first redirect URI (OIDC) — an address the registry vouches for, never one from the request.
 */
export function serviceReturnAddress(
  registry: RegistrySnapshot,
  serviceId: string,
  lang: Language,
): { url: string; serviceName: string } | undefined {
  const service = registry.services.get(serviceId)?.service;
  if (service?.status !== 'active') return undefined;
  const registered =
    service.protocol === 'saml'
      ? (service.saml.acs.find((a) => a.isDefault) ?? service.saml.acs[0])?.location
      : service.oidc.redirectUris[0];
  if (!registered) return undefined;
  return { url: `${new URL(registered).origin}/`, serviceName: pickText(service.name, lang) };
}
