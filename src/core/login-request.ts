import type { Language } from './language.ts';

/** Which downstream face started a login. */
export type FaceKind = 'saml' | 'oidc';

/**
 * A protocol-neutral login request (docs/architecture.md "The login, as data flowing through the house"). Faces build it from a SAML
 * AuthnRequest or an OIDC authorization request; connectors and discovery only ever see this.
 */
export interface LoginRequest {
  face: FaceKind;
  /** Registry id of the requesting service. */
  serviceId: string;
  /** UI language asked for by the service (`lang`, `ui_locales`); absent = negotiate. */
  language?: Language;
  /** SAML ForceAuthn / OIDC prompt=login or max_age: the school must authenticate the user again. */
  forceAuthn: boolean;
  /** SAML IsPassive / OIDC prompt=none: no page may be shown. */
  isPassive: boolean;
  /** Flow names from `urn:mpass.id:authnsource:<flowName>` (docs/registry.md): skip discovery. */
  authnSources: string[];
  /**
   * The named sources must be honoured: when none of them is allowed for the service the login fails with
   * PASSI_NO_AUTHN_CONTEXT instead of falling back to discovery. SAML sets it (Core §3.3.2.2.1: an
   * unsatisfiable RequestedAuthnContext is answered with NoAuthnContext); OIDC `acr_values` are voluntary
   * (OIDC Core §3.1.2.1), so the OIDC face leaves it unset.
   */
  authnSourcesRequired?: boolean;
  /** Tags from `urn:mpass.id:authntag:<tag>`: narrow discovery. */
  authnTags: string[];
  /**
   * What the face needs to answer later (SAML request id, ACS URL, RelayState; OIDC interaction uid).
   * Opaque to core; must be JSON-serialisable because it is stored with the flow.
   */
  faceState: Record<string, unknown>;
  /**
   * The id the service knows this request by (SAML AuthnRequest ID, OIDC `state`), so a login report can
   * be found by the built-in attribute test service.
   */
  correlationId?: string;
}

/** What a service asked for, as the support trace shows it: no face state, no personal data. */
export type RequestSummary = Pick<
  LoginRequest,
  'face' | 'forceAuthn' | 'isPassive' | 'authnSources' | 'authnTags'
>;

export function summariseRequest(request: LoginRequest): RequestSummary {
  return {
    face: request.face,
    forceAuthn: request.forceAuthn,
    isPassive: request.isPassive,
    authnSources: request.authnSources,
    authnTags: request.authnTags,
  };
}
