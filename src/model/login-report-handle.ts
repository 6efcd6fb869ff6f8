import type { ResolvedIdentity } from '../core/resolved-identity.ts';

/**
 * The handle of a login's stored report, released only to Passi's built-in attribute test service
 * (docs/attribute-test-service.md). Passi generates it at each login; the test service reads it only from
 * the assertion or ID token it has validated, so a report is never found by a value the requester chose
 * (the OIDC `state`, the AuthnRequest ID). Not a data-model attribute: other services never receive it.
 */
export const LOGIN_REPORT_HANDLE = 'passiLoginReport';
/** Its SAML Attribute Name (NameFormat uri) and its OIDC claim, asked for in the ID token. */
export const LOGIN_REPORT_HANDLE_URI = 'urn:passi:login-report';

/** The identity with the report handle among its released attributes. */
export function withLoginReportHandle(identity: ResolvedIdentity, handle: string): ResolvedIdentity {
  return { ...identity, attributes: { ...identity.attributes, [LOGIN_REPORT_HANDLE]: [handle] } };
}

/** The report handle released with an identity, if any. */
export function loginReportHandleOf(
  released: Readonly<Record<string, readonly string[]>>,
): string | undefined {
  return released[LOGIN_REPORT_HANDLE]?.[0];
}
