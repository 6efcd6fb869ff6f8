import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';

/**
 * Registry for the discovery suites, imported after the demo registry (which has Mansikkala's
 * integration 4000001 with schools 30076, 99977, 99978). All organisations are in the test OID branch
 * 1.2.246.562.99.* of the bundled organisation data.
 *
 * - 4000002 Mustikkala (school 99974) allows every service;
 * - 4000003 "Mustikkalan salainen koulu" allows only the attribute test service's set, so the
 *   restricted service `disco-check-saml` must never see it.
 */
export const DISCOVERY_REGISTRY = `
organisations:
  - oid: 1.2.246.562.99.00000000010
    name: { fi: Mustikkalan testikoulutustoimija }
    roles: [educationProvider]
serviceSets:
  - id: disco-check
    name: { fi: Koulunvalinnan testipalvelut }
    organisationOid: 1.2.246.562.99.00000000099
services:
  - id: disco-check-saml
    organisationOid: 1.2.246.562.99.00000000099
    name: { fi: Rajattu testipalvelu, sv: Begränsad testtjänst, en: Restricted test service }
    protocol: saml
    deploymentPhase: test
    serviceSets: [disco-check]
    saml:
      entityId: \${publicUrl}/disco-check/saml
      acs:
        - location: \${publicUrl}/disco-check/acs
          index: 0
          isDefault: true
      authnRequestsSigned: false
integrations:
  - id: "4000002"
    organisationOid: 1.2.246.562.99.00000000010
    type: test-directory
    flowName: MustikkalaTest
    deploymentPhase: test
    settings: { kind: test-directory }
    discovery:
      displayName: { fi: Mustikkalan testikoulut }
      showSchools: true
      logo: mustikkala.svg
  - id: "4000003"
    organisationOid: 1.2.246.562.99.00000000010
    type: test-directory
    flowName: MustikkalaSecret
    deploymentPhase: test
    settings: { kind: test-directory }
    discovery:
      displayName: { fi: Mustikkalan salainen koulu }
      showSchools: false
    allowedServices: [attribute-test]
`;

/** Where the attribute test service starts a SAML login (it may use every integration). */
export function attributeTestLogin(baseUrl: string, lang?: string): string {
  return `${baseUrl}/test-service/saml/login${lang ? `?lang=${lang}` : ''}`;
}

/** An unsigned HTTP-Redirect AuthnRequest from the restricted service (authnRequestsSigned: false). */
export function restrictedServiceLogin(baseUrl: string): string {
  const xml =
    '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ' +
    `ID="_${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${new Date().toISOString()}" ` +
    `Destination="${baseUrl}/idp/profile/SAML2/Redirect/SSO" AssertionConsumerServiceURL="${baseUrl}/disco-check/acs" ` +
    'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">' +
    `<saml:Issuer>${baseUrl}/disco-check/saml</saml:Issuer></samlp:AuthnRequest>`;
  const request = deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');
  return `${baseUrl}/idp/profile/SAML2/Redirect/SSO?${new URLSearchParams({ SAMLRequest: request })}`;
}

export const TEST_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="#1b5e20"/></svg>';

/** Puts the fixture's logo where Passi serves logos from (`<dataDir>/logos`, docs/discovery.md). */
export function installTestLogo(dataDir: string): void {
  mkdirSync(join(dataDir, 'logos'), { recursive: true });
  writeFileSync(join(dataDir, 'logos', 'mustikkala.svg'), TEST_LOGO);
}

/**
 * The discovery registry plus a Wilma integration for Mansikkala, which the demo registry already serves
 * with its test directory (4000001): one education provider with two login methods for the same schools,
 * as a municipality with Wilma for pupils and Microsoft 365 for teachers has. Only listed, never used.
 */
export const TWO_METHODS_REGISTRY = `${DISCOVERY_REGISTRY}  - id: "4000009"
    organisationOid: 1.2.246.562.99.00000000001
    type: wilma
    flowName: MansikkalaWilma
    deploymentPhase: test
    settings: { kind: wilma, hostname: wilma.mansikkala.example }
    secrets: { sharedSecret: two-methods-test-secret-0123456789 }
    discovery:
      showSchools: true
`;
