/**
 * The attribute test service (docs/attribute-test-service.md) is a "built-in service, always allowed by every integration".
 * An integration whose `allowedServices` names one other service (registry YAML imported as an operator
 * would) still lets the attribute test service log in through it, over SAML and OIDC, hinted or chosen on
 * the discovery page; a service that shares the listed service's set but is not named cannot: its hint is
 * not honoured, a forged discovery choice is refused, and its login never comes from that integration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/core/language.ts';
import { messages } from '../../src/i18n/messages.ts';
import { STATUS } from '../../src/protocols/saml/namespaces.ts';
import { authnRequestXml, redirectSsoUrl, ssoUrls } from '../saml-idp/support/authn-requests.ts';
import {
  elementTexts,
  expectErrorPage,
  loginAtTestDirectory,
  readVerifiedAutoPost,
  TEST_DIRECTORY_LOGIN,
} from '../saml-idp/support/saml-checks.ts';
import { BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import { oidcServiceClaims } from '../support/oidc-service-result.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const RESTRICTED_FLOW = 'RajattuTest';
const RESTRICTED_ID = '4000901';
const RESTRICTED_LOGIN = `/upstream/test-directory/${RESTRICTED_FLOW}/login`;
const LISTED = 'restriction-listed-sp';
const OTHER = 'restriction-other-sp';
const entityId = (id: string) => `https://${id}.sp.example/shibboleth`;
const acs = (id: string) => `https://${id}.sp.example/Shibboleth.sso/SAML2/POST`;

const samlService = (id: string) => `
  - id: ${id}
    organisationOid: 1.2.246.562.99.00000000099
    name: { fi: Palvelu ${id}, en: Service ${id} }
    protocol: saml
    deploymentPhase: test
    serviceSets: [restriction-tests]
    allowTestLearnerId: true
    saml:
      entityId: ${entityId(id)}
      acs:
        - { location: "${acs(id)}", index: 0, isDefault: true }
      authnRequestsSigned: false`;

/** Both services share a set; the integration names only one of them, by id. */
const REGISTRY = `
serviceSets:
  - id: restriction-tests
    name: { fi: Rajaustestit, en: Restriction tests }
    organisationOid: 1.2.246.562.99.00000000099
services:${samlService(LISTED)}${samlService(OTHER)}
integrations:
  - id: "${RESTRICTED_ID}"
    organisationOid: 1.2.246.562.99.00000000001
    type: test-directory
    flowName: ${RESTRICTED_FLOW}
    deploymentPhase: test
    settings: { kind: test-directory }
    discovery:
      displayName: { fi: Rajatut testikoulut, sv: Begränsade testskolor, en: Restricted test schools }
      showSchools: false
      tags: [rajattu]
    allowedServices: [${LISTED}]
`;

describe('an integration with a restrictive allowedServices still allows the attribute test service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ registry: REGISTRY });
  });
  afterAll(() => t?.close());

  const path = (r: BrowserResponse) => new URL(r.headers.get('location') ?? r.url, t.baseUrl).pathname;
  const samlSso = (browser: BrowserlessClient, sp: string, flow?: string) =>
    browser.get(
      redirectSsoUrl(
        t.baseUrl,
        authnRequestXml({
          issuer: entityId(sp),
          destination: ssoUrls(t.baseUrl).redirect,
          ...(flow ? { authnContextClassRefs: [`urn:mpass.id:authnsource:${flow}`] } : {}),
        }),
      ),
    );

  it('the registry holds the restriction: the integration names only the listed service', async () => {
    const snapshot = await t.services.registry.current();
    expect(snapshot.integrations.get(RESTRICTED_ID)?.integration.allowedServices).toEqual([LISTED]);
  });

  describe('the attribute test service (not named in allowedServices)', () => {
    it('logs in over SAML through the restricted integration when it names the flow', async () => {
      const browser = new BrowserlessClient();
      const login = await browser.getFollow(
        `${t.baseUrl}/test-service/saml/login?lang=en&flow=${RESTRICTED_FLOW}`,
      );
      expect(login.status).toBe(200);
      expect(new URL(login.url).pathname).toBe(RESTRICTED_LOGIN);
      const posted = await browser.submitForm(login, { username: 'demo_u0001', password: 'demo_u0001pwd' });
      const result = await browser.submitForm(posted);
      expect(new URL(result.url).pathname).toBe('/test-service/saml/acs');
      expect(result.body).not.toContain('The login failed');
      expect(result.body).toContain(`urn:mpass.id:authnsource:${RESTRICTED_FLOW}`);
      expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
    });

    it('logs in over OIDC through the restricted integration (acr names it)', async () => {
      const browser = new BrowserlessClient();
      const login = await browser.getFollow(
        `${t.baseUrl}/test-service/oidc/login?lang=en&flow=${RESTRICTED_FLOW}`,
      );
      expect(new URL(login.url).pathname).toBe(RESTRICTED_LOGIN);
      const result = await browser.submitForm(login, { username: 'demo_u0001', password: 'demo_u0001pwd' });
      const claims = oidcServiceClaims(result, RESTRICTED_FLOW);
      expect(claims['urn:mpass.id:schoolInfo']).toContain('30076;Mansikkalan testi peruskoulu');
    });

    it('is offered the restricted integration on the discovery page and may choose it', async () => {
      const browser = new BrowserlessClient();
      const discovery = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en`);
      expect(new URL(discovery.url).pathname).toBe('/discovery');
      expect(discovery.body).toContain('Restricted test schools');
      const chosen = await browser.postFollow(`${t.baseUrl}/discovery/choose`, {
        choice: `${RESTRICTED_ID}~`,
        lang: 'en',
        form_token: parseForms(discovery.body).find((f) => f.fields.form_token)?.fields.form_token ?? '',
      });
      expect(chosen.status).toBe(200);
      expect(new URL(chosen.url).pathname).toBe(RESTRICTED_LOGIN);
    });
  });

  it('the listed service logs in through the restricted integration', async () => {
    const browser = new BrowserlessClient();
    const first = await samlSso(browser, LISTED, RESTRICTED_FLOW);
    expect(path(first)).toBe(RESTRICTED_LOGIN);
    const page = await browser.follow(first);
    const post = await readVerifiedAutoPost(
      await browser.submitForm(page, { username: 'demo_u0001', password: 'demo_u0001pwd' }),
      t,
    );
    expect(post.action).toBe(acs(LISTED));
    expect(post.verified.statusCodes).toEqual([STATUS.success]);
    expect(elementTexts(post.xml, 'AuthnContextClassRef')).toEqual([
      `urn:mpass.id:authnsource:${RESTRICTED_FLOW}`,
    ]);
  });

  describe('a service not in the list (same service set)', () => {
    // docs/registry.md "Naming the school in the request": never a login through another school.
    it('is not sent to the restricted integration even when it names the flow; it gets NoAuthnContext', async () => {
      const browser = new BrowserlessClient();
      const first = await samlSso(browser, OTHER, RESTRICTED_FLOW);
      expect(first.headers.get('location')).toBeNull();
      const post = await readVerifiedAutoPost(first, t);
      expect(post.action).toBe(acs(OTHER));
      expect(post.verified.statusCodes).toEqual([STATUS.responder, STATUS.noAuthnContext]);
      expect(post.verified.assertionXml).toBeUndefined();
    });

    it('without naming a school it logs in through the demo school it is allowed', async () => {
      const browser = new BrowserlessClient();
      const first = await samlSso(browser, OTHER);
      expect(path(first)).toBe(TEST_DIRECTORY_LOGIN);
      const post = await readVerifiedAutoPost(
        await loginAtTestDirectory(browser, await browser.follow(first)),
        t,
      );
      expect(post.action).toBe(acs(OTHER));
      expect(elementTexts(post.xml, 'AuthnContextClassRef')).toEqual([
        'urn:mpass.id:authnsource:MansikkalaTest',
      ]);
    });

    it('a forged discovery choice of the restricted integration is refused (403, nothing posted)', async () => {
      const browser = new BrowserlessClient();
      const first = await samlSso(browser, OTHER);
      expect(first.status).toBe(303);
      // The browser's own login page gives it a valid form token: only the choice itself is forged.
      const own = await browser.follow(first);
      const refused = await browser.post(`${t.baseUrl}/discovery/choose`, {
        choice: `${RESTRICTED_ID}~`,
        lang: 'en',
        form_token: parseForms(own.body)[0]?.fields.form_token ?? '',
      });
      expectErrorPage(refused, 403, 'PASSI_INTEGRATION_NOT_ALLOWED');
      // The page explains it in the browser's language.
      expect(LANGUAGES.some((l) => refused.body.includes(messages(l)['error.integration']))).toBe(true);
    });

    it('cannot use the restricted integration’s login form with its flow (GET or POST)', async () => {
      const browser = new BrowserlessClient();
      expect(path(await samlSso(browser, OTHER))).toBe(TEST_DIRECTORY_LOGIN);
      // The flow belongs to the integration it started at: an error page, no Response.
      const page = await browser.get(`${t.baseUrl}${RESTRICTED_LOGIN}?lang=en`);
      expectErrorPage(page, 400, 'PASSI_UPSTREAM_ANSWER_MISMATCH');
      const posted = await browser.post(`${t.baseUrl}${RESTRICTED_LOGIN}`, {
        username: 'demo_u0001',
        password: 'demo_u0001pwd',
      });
      expectErrorPage(posted, 400, 'PASSI_UPSTREAM_ANSWER_MISMATCH');
    });
  });
});
