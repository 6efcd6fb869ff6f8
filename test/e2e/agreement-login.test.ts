/**
 * Services by agreement end to end (docs/registry.md "Services by agreement", docs/portal.md "Services for
 * pupils"): a pupil of the demo education provider logs in through the test directory to a SAML service by
 * agreement. Before the service provider accepts, the login ends on a page that says the school has not
 * been granted the service (no Response to the service); the education provider's main user requests it on
 * the portal page, the service provider's main user accepts it on theirs, and the same login then succeeds.
 * A declined request keeps refusing, and another organisation's main user cannot accept for the owner.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { LANGUAGES } from '../../src/core/language.ts';
import { messages } from '../../src/i18n/messages.ts';
import { STATUS } from '../../src/protocols/saml/namespaces.ts';
import { apiClient } from '../portal/api-operation-table.ts';
import { signedInBrowser } from '../portal/portal-support.ts';
import { authnRequestXml, redirectSsoUrl, ssoUrls } from '../saml-idp/support/authn-requests.ts';
import {
  expectErrorPage,
  loginAtTestDirectory,
  readVerifiedAutoPost,
} from '../saml-idp/support/saml-checks.ts';
import { BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import { describeEachStore } from '../support/describe-each-store.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** The demo registry's education provider (its MansikkalaTest test directory) and service provider. */
const EDU = '1.2.246.562.99.00000000001';
const SP = '1.2.246.562.99.00000000099';
const OTHER_SP = '1.2.246.562.99.00000000088';
const ACCEPTED = 'agreement-accepted-sp';
const DECLINED = 'agreement-declined-sp';
const entityId = (id: string) => `https://${id}.sp.example/shibboleth`;
const acs = (id: string) => `https://${id}.sp.example/Shibboleth.sso/SAML2/POST`;

const samlService = (id: string) => `
  - id: ${id}
    organisationOid: ${SP}
    name: { fi: Sopimuspalvelu ${id}, en: Service by agreement ${id} }
    protocol: saml
    deploymentPhase: test
    access: agreement
    serviceSets: [attribute-test]
    allowTestLearnerId: true
    saml:
      entityId: ${entityId(id)}
      acs:
        - { location: "${acs(id)}", index: 0, isDefault: true }
      authnRequestsSigned: false`;

const REGISTRY = `
organisations:
  - oid: ${OTHER_SP}
    name: { fi: Toinen palveluntarjoaja, en: Another service provider }
    roles: [serviceProvider]
services:${samlService(ACCEPTED)}${samlService(DECLINED)}
`;

describeEachStore('a service by agreement: refused before acceptance, logged in after', (store) => {
  let t: TestApp;
  let edu: { browser: BrowserlessClient };
  let sp: { browser: BrowserlessClient };
  /** The pupil who logs in once accepted, and keeps that SSO session. */
  const pupil = new BrowserlessClient();

  beforeAll(async () => {
    t = await createTestApp({ store, registry: REGISTRY });
    edu = await signedInBrowser(t, 'edu.main@example.fi', 'education-main', EDU);
    sp = await signedInBrowser(t, 'sp.main@example.fi', 'service-main', SP);
  });
  afterAll(() => t?.close());

  /** A pupil's login to `service`: the first page after the SSO request (the school's login, or an error). */
  const pupilLogin = async (browser: BrowserlessClient, service: string) =>
    browser.getFollow(
      redirectSsoUrl(
        t.baseUrl,
        authnRequestXml({ issuer: entityId(service), destination: ssoUrls(t.baseUrl).redirect }),
      ),
    );

  const expectAgreementPage = (page: BrowserResponse) => {
    expectErrorPage(page, 403, 'PASSI_SERVICE_AGREEMENT_MISSING');
    expect(LANGUAGES.some((l) => page.body.includes(messages(l)['error.agreement']))).toBe(true);
    expect(page.body).not.toContain(messages('en')['error.integration']);
  };

  /** The form on `page` whose action ends with `suffix`, submitted with `fields`. */
  const submit = async (
    browser: BrowserlessClient,
    page: BrowserResponse,
    suffix: string,
    fields: Record<string, string> = {},
  ) => {
    const index = parseForms(page.body).findIndex((f) => f.action.split('?')[0]?.endsWith(suffix));
    expect(index, `no form ending in ${suffix} on ${page.url}`).toBeGreaterThanOrEqual(0);
    return browser.submitForm(page, fields, index);
  };

  const pupilsPage = () =>
    edu.browser.getFollow(`${t.baseUrl}/portal/organisation/${EDU}/services-for-pupils?lang=en`);
  const requestsPage = () =>
    sp.browser.getFollow(`${t.baseUrl}/portal/organisation/${SP}/agreement-requests?lang=en`);
  /** The open request for `service` on the service provider's page (its section's `data-request`). */
  const requestIdOf = (page: BrowserResponse, service: string) => {
    const section = page.body
      .split('<section class="agreement-request"')
      .find((chunk) => chunk.includes(`Service by agreement ${service}`));
    const id = /data-request="([0-9a-f-]{36})"/.exec(section ?? '')?.[1];
    if (!id) throw new Error(`no open request for ${service} on ${page.url}`);
    return id;
  };

  it('before any request the pupil gets the clear page with an error id, and the service gets nothing', async () => {
    expectAgreementPage(await pupilLogin(new BrowserlessClient(), ACCEPTED));
    const page = await pupilsPage();
    expect(page.status).toBe(200);
    expect(page.body).toContain('Service by agreement: not requested.');
  });

  it('the education provider requests; the login is still refused while the request waits', async () => {
    const requested = await submit(edu.browser, await pupilsPage(), `/${ACCEPTED}/request`);
    expect(requested.status).toBe(200);
    expect(requested.body).toContain(messages('en')['portal.agreements.saved.requested']);
    expect(requested.body).toContain(messages('en')['portal.agreements.why.agreement-requested']);
    expectAgreementPage(await pupilLogin(new BrowserlessClient(), ACCEPTED));
  });

  it('another organisation’s main user cannot accept it (page and API: 403, still requested)', async () => {
    const id = requestIdOf(await requestsPage(), ACCEPTED);
    const other = await signedInBrowser(t, 'other.sp@example.fi', 'service-main', OTHER_SP);
    const viaPage = await other.browser.post(
      `${t.baseUrl}/portal/organisation/${OTHER_SP}/agreement-requests/${id}/accept`,
      { csrf: other.csrf },
    );
    expect(viaPage.status).toBe(403);
    const api = apiClient(t.baseUrl, {
      cookie: other.browser.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '',
      csrf: other.csrf,
    });
    for (const org of [OTHER_SP, SP]) {
      const answer = await api('post', `/organisations/${org}/agreement-requests/${id}/accept`);
      expect(answer.status).toBe(403);
    }
    const state = await t.services.db
      .selectFrom('service_agreement')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe('requested');
    expectAgreementPage(await pupilLogin(new BrowserlessClient(), ACCEPTED));
  });

  it('the service provider accepts on its page; the same login then succeeds', async () => {
    const accepted = await submit(
      sp.browser,
      await requestsPage(),
      `/${requestIdOf(await requestsPage(), ACCEPTED)}/accept`,
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body).toContain(messages('en')['portal.agreements.saved.accepted']);
    const browser = pupil;
    const post = await readVerifiedAutoPost(
      await loginAtTestDirectory(browser, await pupilLogin(browser, ACCEPTED)),
      t,
    );
    expect(post.action).toBe(acs(ACCEPTED));
    expect(post.verified.statusCodes).toEqual([STATUS.success]);
    expect((await pupilsPage()).body).not.toContain(
      messages('en')['portal.agreements.why.agreement-requested'],
    );
  });

  it('a declined request keeps refusing; a decline without a reason is sent back with the field named', async () => {
    await submit(edu.browser, await pupilsPage(), `/${DECLINED}/request`);
    const id = requestIdOf(await requestsPage(), DECLINED);
    const noReason = await submit(sp.browser, await requestsPage(), `/${id}/decline`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toContain(`href="#reason-${id}"`);
    expect(noReason.body).toContain('aria-invalid="true"');
    const declined = await submit(sp.browser, await requestsPage(), `/${id}/decline`, {
      reason: 'Only for upper secondary schools.',
    });
    expect(declined.body).toContain(messages('en')['portal.agreements.saved.declined']);
    expectAgreementPage(await pupilLogin(new BrowserlessClient(), DECLINED));
    // An SSO session at the same school (from the accepted service) does not carry the pupil past it.
    expectAgreementPage(await pupilLogin(pupil, DECLINED));
    const page = await pupilsPage();
    expect(page.body).toContain('Only for upper secondary schools.');
  });

  it('the API tells the same: usable now for the accepted one, why not for the declined one', async () => {
    const { browser, csrf } = await signedInBrowser(t, 'edu.reader@example.fi', 'education-viewer', EDU);
    const api = apiClient(t.baseUrl, {
      cookie: browser.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '',
      csrf,
    });
    const answer = await api('get', `/organisations/${EDU}/services-for-pupils`);
    const services = z
      .object({
        services: z.array(
          z.object({ serviceId: z.string(), usableNow: z.boolean(), reason: z.string().nullable() }),
        ),
      })
      .parse(answer.body).services;
    expect(services.find((s) => s.serviceId === ACCEPTED)).toEqual({
      serviceId: ACCEPTED,
      usableNow: true,
      reason: null,
    });
    expect(services.find((s) => s.serviceId === DECLINED)).toEqual({
      serviceId: DECLINED,
      usableNow: false,
      reason: 'agreement-declined',
    });
  });
});
