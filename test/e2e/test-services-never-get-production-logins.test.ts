/**
 * Registry guardrails between deployment phases (docs/registry.md "integrations"): a test-phase service,
 * even one marked alwaysAllowed with a plain-http ACS on any host, never receives a login from a
 * production school — not by an authnsource hint, not on the discovery page, not by a forged choice;
 * and a test-directory integration (public demo passwords) cannot be put in production at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.ts';
import { STATUS } from '../../src/protocols/saml/namespaces.ts';
import { authnRequestXml, redirectSsoUrl, ssoUrls } from '../saml-idp/support/authn-requests.ts';
import { expectErrorPage, readVerifiedAutoPost } from '../saml-idp/support/saml-checks.ts';
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const PROD_ID = '1000001';
const PROD_FLOW = 'KaupunkiWilma';
const PREPROD_ID = '1000002';
const PREPROD_FLOW = 'KaupunkiWilmaPre';
const SP = 'http-test-sp';
const SP_ENTITY = 'http://any-host.example/sp';
const SP_ACS = 'http://any-host.example/acs';

const wilma = (id: string, flowName: string, phase: string) => `
  - id: "${id}"
    organisationOid: 1.2.246.562.99.00000000001
    type: wilma
    flowName: ${flowName}
    deploymentPhase: ${phase}
    settings: { kind: wilma, hostname: ${flowName.toLowerCase()}.inschool.example.fi }
    discovery:
      displayName: { fi: Kaupungin koulut ${phase}, en: City schools ${phase} }
      showSchools: false
    secrets: { sharedSecret: a-shared-secret-of-the-production-wilma }`;

const REGISTRY = `
serviceSets:
  - id: phase-tests
    name: { fi: Vaihetestit }
    organisationOid: 1.2.246.562.99.00000000099
services:
  - id: ${SP}
    organisationOid: 1.2.246.562.99.00000000099
    name: { fi: Testipalvelu, en: Test service }
    protocol: saml
    deploymentPhase: test
    serviceSets: [phase-tests]
    allowTestLearnerId: true
    alwaysAllowed: true
    saml:
      entityId: ${SP_ENTITY}
      acs:
        - { location: "${SP_ACS}", index: 0, isDefault: true }
      authnRequestsSigned: false
integrations:${wilma(PROD_ID, PROD_FLOW, 'production')}${wilma(PREPROD_ID, PREPROD_FLOW, 'preproduction')}
`;

describe('test services never receive production logins, whatever their flags', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ registry: REGISTRY });
  });
  afterAll(() => t?.close());

  const samlSso = (browser: BrowserlessClient, flow?: string) =>
    browser.get(
      redirectSsoUrl(
        t.baseUrl,
        authnRequestXml({
          issuer: SP_ENTITY,
          destination: ssoUrls(t.baseUrl).redirect,
          ...(flow ? { authnContextClassRefs: [`urn:mpass.id:authnsource:${flow}`] } : {}),
        }),
      ),
    );

  // A named school the service may not use is answered with NoAuthnContext, never by a login through
  // another school (docs/registry.md "Naming the school in the request").
  it.each([PROD_FLOW, PREPROD_FLOW])(
    'an alwaysAllowed test service naming the %s flow is not sent there; it gets NoAuthnContext',
    async (flow) => {
      const browser = new BrowserlessClient();
      const first = await samlSso(browser, flow);
      expect(first.headers.get('location')).toBeNull();
      const post = await readVerifiedAutoPost(first, t);
      expect(post.action).toBe(SP_ACS);
      expect(post.verified.statusCodes).toEqual([STATUS.responder, STATUS.noAuthnContext]);
      expect(post.verified.assertionXml).toBeUndefined();
    },
  );

  it('the built-in attribute test service (test phase, alwaysAllowed) is not sent to a production school either', async () => {
    const browser = new BrowserlessClient();
    const result = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en&flow=${PROD_FLOW}`);
    const post = await readVerifiedAutoPost(result, t);
    expect(new URL(post.action).pathname).toBe('/test-service/saml/acs');
    expect(post.verified.statusCodes).toEqual([STATUS.responder, STATUS.noAuthnContext]);
    const shown = await browser.submitForm(result, {});
    expect(shown.body).not.toContain('kaupunkiwilma.inschool.example.fi');
    expect(shown.body).toContain('the requested school login is not available for this service');
  });

  it('the discovery page of a test service lists no production school, and a forged choice is refused', async () => {
    const browser = new BrowserlessClient();
    const first = await samlSso(browser);
    expect(first.status).toBe(303);
    const discovery = await browser.getFollow(`${t.baseUrl}/discovery?lang=en`);
    expect(discovery.status).toBe(200);
    expect(discovery.body).not.toContain('City schools');
    // The page's own form token: the forged choice must reach the phase rule, not the CSRF check.
    const form_token = parseForms(discovery.body).find((f) => f.fields.form_token)?.fields.form_token ?? '';
    expect(form_token).toBeTruthy();
    for (const id of [PROD_ID, PREPROD_ID]) {
      const refused = await browser.post(`${t.baseUrl}/discovery/choose`, {
        choice: `${id}~`,
        lang: 'en',
        form_token,
      });
      expectErrorPage(refused, 403, 'PASSI_INTEGRATION_NOT_ALLOWED');
    }
  });

  it.each(['production', 'preproduction'])(
    'a test-directory integration (public demo passwords) is refused in %s',
    async (phase) => {
      const doc = `
integrations:
  - id: "1000003"
    organisationOid: 1.2.246.562.99.00000000001
    type: test-directory
    flowName: DemoInProduction
    deploymentPhase: ${phase}
`;
      const version = await t.services.repo.version();
      const error = await t.importYaml(doc).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        {
          path: 'integrations[0].type',
          message:
            'test-directory (public demo accounts and passwords) is for deploymentPhase test only, not ' +
            phase,
        },
      ]);
      expect(await t.services.repo.version()).toBe(version);
    },
  );
});
