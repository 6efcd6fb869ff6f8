/**
 * Registry fixtures for the SAML IdP face tests: service providers registered the way an operator would
 * (test phase, test learner ids allowed, one service set), written as JSON (a YAML subset) for
 * `createTestApp({ registry })`.
 */
import { testKey } from '../../../src/protocols/saml/test-kit.ts';

export const TEST_SERVICE_SET = 'saml-idp-tests';
export const OPERATOR_OID = '1.2.246.562.99.00000000099';
export const MANSIKKALA_OID = '1.2.246.562.99.00000000001';

/** Keys of the services (cached per label for the run; RSA-2048). */
export const spKeys = {
  signing: testKey('sp-signing'),
  encryption: testKey('sp-encryption'),
  /** A key registered for no service: requests signed with it are forgeries. */
  unregistered: testKey('sp-unregistered'),
};

export interface SpRegistration {
  /** Registry id, also used to build the entity id and ACS URL. */
  id: string;
  authnRequestsSigned?: boolean;
  signResponse?: boolean;
  encrypt?: boolean;
  nameIdFormat?: 'transient' | 'persistent';
  logoutReturnUrls?: string[];
  /** Signing certificates as registered (default: the PEM of `spKeys.signing`). */
  signingCertificates?: string[];
  /** Extra ACS entries (index 1…). */
  extraAcs?: string[];
  serviceSets?: string[];
}

export function spEntityId(id: string): string {
  return `https://${id}.sp.example/shibboleth`;
}

export function spAcs(id: string): string {
  return `https://${id}.sp.example/Shibboleth.sso/SAML2/POST`;
}

function service(sp: SpRegistration) {
  const signed = sp.authnRequestsSigned ?? false;
  return {
    id: sp.id,
    organisationOid: OPERATOR_OID,
    name: { fi: `Testipalvelu ${sp.id}`, en: `Test service ${sp.id}` },
    protocol: 'saml',
    deploymentPhase: 'test',
    serviceSets: sp.serviceSets ?? [TEST_SERVICE_SET],
    allowTestLearnerId: true,
    saml: {
      entityId: spEntityId(sp.id),
      acs: [
        { location: spAcs(sp.id), index: 0, isDefault: true },
        ...(sp.extraAcs ?? []).map((location, i) => ({ location, index: i + 1, isDefault: false })),
      ],
      signingCertificates: sp.signingCertificates ?? [spKeys.signing.certificatePem],
      encryptionCertificates: sp.encrypt ? [spKeys.encryption.certificatePem] : [],
      authnRequestsSigned: signed,
      signResponse: sp.signResponse ?? false,
      nameIdFormat: sp.nameIdFormat ?? 'transient',
      logoutReturnUrls: sp.logoutReturnUrls ?? [],
    },
  };
}

export interface ExtraIntegration {
  id: string;
  flowName: string;
  /** Service set or service ids the integration allows (empty = all). */
  allowedServices: string[];
  /** Discovery tags for `urn:mpass.id:authntag:<tag>` (default `test`). */
  tags?: string[];
}

/** A registry document with the test service set, the services and any extra test-directory integrations. */
export function registryYaml(sps: SpRegistration[], integrations: ExtraIntegration[] = []): string {
  return JSON.stringify({
    serviceSets: [
      {
        id: TEST_SERVICE_SET,
        name: { fi: 'SAML IdP -testit', en: 'SAML IdP tests' },
        organisationOid: OPERATOR_OID,
      },
    ],
    services: sps.map(service),
    integrations: integrations.map((i) => ({
      id: i.id,
      organisationOid: MANSIKKALA_OID,
      type: 'test-directory',
      flowName: i.flowName,
      deploymentPhase: 'test',
      settings: { kind: 'test-directory' },
      discovery: {
        displayName: { fi: i.flowName, en: i.flowName },
        showSchools: false,
        tags: i.tags ?? ['test'],
      },
      allowedServices: i.allowedServices,
    })),
  });
}
