import { isLanguage, type Language } from '../../core/language.ts';
import type { LoginRequest } from '../../core/login-request.ts';
import type { AuthnRequest } from '../../protocols/saml/authn-request.ts';

const AUTHN_SOURCE = 'urn:mpass.id:authnsource:';
const AUTHN_TAG = 'urn:mpass.id:authntag:';

/** What the SAML face needs to answer later; stored with the flow. */
export interface SamlFaceState {
  [key: string]: unknown;
  requestId: string;
  acsUrl: string;
  relayState?: string;
  nameIdFormat: 'transient' | 'persistent';
  serviceEntityId: string;
}

/**
 * The protocol-neutral request (core LoginRequest) from a SAML AuthnRequest: ForceAuthn, IsPassive,
 * `lang` (github.com/mainio/omniauth-mpassid passes `&lang=fi|sv`), RequestedAuthnContext
 * `urn:mpass.id:authnsource:<flow>` (skip discovery) and `urn:mpass.id:authntag:<tag>` (narrow it) (docs/registry.md).
 */
export function toLoginRequest(input: {
  request: AuthnRequest;
  serviceId: string;
  lang: string | undefined;
  faceState: SamlFaceState;
}): LoginRequest {
  const refs = input.request.requestedAuthnContext?.classRefs ?? [];
  const authnSources = refs
    .filter((r) => r.startsWith(AUTHN_SOURCE))
    .map((r) => r.slice(AUTHN_SOURCE.length));
  const language: Language | undefined = isLanguage(input.lang) ? input.lang : undefined;
  return {
    face: 'saml',
    serviceId: input.serviceId,
    language,
    forceAuthn: input.request.forceAuthn,
    isPassive: input.request.isPassive,
    authnSources,
    // Every Comparison is treated as exact: authnsource values name schools, they have no order.
    authnSourcesRequired: authnSources.length > 0,
    authnTags: refs.filter((r) => r.startsWith(AUTHN_TAG)).map((r) => r.slice(AUTHN_TAG.length)),
    faceState: input.faceState,
    correlationId: input.request.id,
  };
}

export function authnContextClassRef(flowName: string): string {
  return `${AUTHN_SOURCE}${flowName}`;
}
