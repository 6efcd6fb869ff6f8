import { isLanguage, type Language } from '../../core/language.ts';
import type { LoginRequest } from '../../core/login-request.ts';

/** docs/registry.md: the SAML AuthnContextClassRef values, carried in OIDC `acr_values`. */
export const AUTHN_SOURCE_PREFIX = 'urn:mpass.id:authnsource:';
export const AUTHN_TAG_PREFIX = 'urn:mpass.id:authntag:';

/**
 * The protocol-neutral login request from an OIDC authorization request (the parameters oidc-provider
 * stored with the interaction, already validated by it).
 */
export function loginRequestFromParams(
  params: Record<string, unknown>,
  serviceId: string,
  interactionUid: string,
): LoginRequest {
  const words = (name: string) =>
    typeof params[name] === 'string' ? params[name].split(' ').filter(Boolean) : [];
  const acrValues = words('acr_values');
  const prompt = words('prompt');
  const language = uiLocale(words('ui_locales'));
  return {
    face: 'oidc',
    serviceId,
    ...(language ? { language } : {}),
    // OIDC Core §3.1.2.1: prompt=login, and max_age (the OP cannot know how old the school's login is).
    forceAuthn: prompt.includes('login') || params.max_age !== undefined,
    isPassive: prompt.includes('none'),
    authnSources: acrValues
      .filter((v) => v.startsWith(AUTHN_SOURCE_PREFIX))
      .map((v) => v.slice(AUTHN_SOURCE_PREFIX.length)),
    authnTags: acrValues
      .filter((v) => v.startsWith(AUTHN_TAG_PREFIX))
      .map((v) => v.slice(AUTHN_TAG_PREFIX.length)),
    faceState: { uid: interactionUid },
    // What the service can correlate with: its `state` (the attribute test service finds its report by it).
    ...(typeof params.state === 'string' && params.state.length <= 256
      ? { correlationId: params.state }
      : {}),
  };
}

/** OIDC Core §3.1.2.1 `ui_locales`: space-separated BCP47 tags in preference order; the first fi/sv/en wins. */
function uiLocale(tags: string[]): Language | undefined {
  for (const tag of tags) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return undefined;
}
