/**
 * The ACS comes only from the registry (docs/registry.md; SAML Core 2.0 §3.4.1) (an unregistered or near-miss ACS URL
 * or index gets an error page, never a POST); a missing or expired flow cookie at the test directory's
 * login POST ends on a page that explains and offers to start again; logout returns only to a registered
 * address (303), never an open redirect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/error-codes.ts';
import { messages } from '../../src/i18n/messages.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { authnRequestXml, postSsoFields, redirectSsoUrl, ssoUrls } from './support/authn-requests.ts';
import {
  expectErrorPage,
  expectNothingPosted,
  loginAtTestDirectory,
  readVerifiedAutoPost,
  TEST_DIRECTORY_LOGIN,
} from './support/saml-checks.ts';
import { registryYaml, spAcs, spEntityId, spKeys } from './support/sp-registry.ts';

const SP = 'neg-acs';
const SECOND_ACS = 'https://neg-acs.sp.example/second/acs';
const LOGOUT_EXACT = 'https://neg-acs.sp.example/logged-out';
const LOGOUT_PREFIX = 'https://neg-acs.sp.example/app/';

describe('ACS only from the registry, flow cookie, logout return', () => {
  let t: TestApp;
  let sso: ReturnType<typeof ssoUrls>;
  beforeAll(async () => {
    t = await createTestApp({
      // Flows in the store, so one test can age a flow past its expiry there; the in-memory flows of the
      // embedded store end at their lifetime too (memory-flow-store.test.ts).
      config: { shortLivedState: 'store' },
      registry: registryYaml([
        {
          id: SP,
          authnRequestsSigned: true,
          extraAcs: [SECOND_ACS],
          logoutReturnUrls: [LOGOUT_EXACT, LOGOUT_PREFIX],
        },
      ]),
    });
    sso = ssoUrls(t.baseUrl);
  });
  afterAll(() => t?.close());

  const signedRedirect = (o: Partial<Parameters<typeof authnRequestXml>[0]>) =>
    redirectSsoUrl(t.baseUrl, authnRequestXml({ issuer: spEntityId(SP), destination: sso.redirect, ...o }), {
      key: spKeys.signing,
    });

  describe('AssertionConsumerService', () => {
    const unregistered = [
      { name: 'an unregistered ACS URL', url: 'https://attacker.example/acs' },
      { name: 'near miss: trailing slash', url: `${spAcs(SP)}/` },
      { name: 'near miss: other port', url: spAcs(SP).replace('.sp.example/', '.sp.example:8443/') },
      { name: 'near miss: http instead of https', url: spAcs(SP).replace('https:', 'http:') },
      { name: 'near miss: query string added', url: `${spAcs(SP)}?next=https://attacker.example/` },
    ];
    for (const c of unregistered) {
      it(`Redirect: ${c.name} → 400 PASSI_ACS_NOT_REGISTERED, no POST`, async () => {
        const page = await new BrowserlessClient().get(signedRedirect({ acsUrl: c.url }));
        expectErrorPage(page, 400, ErrorCodes.ACS_NOT_REGISTERED);
        expect(page.body).not.toContain(c.url.replace(/&/g, '&amp;'));
      });
    }

    it('POST: an unregistered ACS URL → 400 PASSI_ACS_NOT_REGISTERED, no POST', async () => {
      const xml = authnRequestXml({
        issuer: spEntityId(SP),
        destination: sso.post,
        acsUrl: 'https://attacker.example/acs',
      });
      const page = await new BrowserlessClient().post(sso.post, postSsoFields(xml, { key: spKeys.signing }));
      expectErrorPage(page, 400, ErrorCodes.ACS_NOT_REGISTERED);
    });

    it('an unregistered AssertionConsumerServiceIndex → 400 PASSI_ACS_NOT_REGISTERED', async () => {
      expectErrorPage(
        await new BrowserlessClient().get(signedRedirect({ acsIndex: 7 })),
        400,
        ErrorCodes.ACS_NOT_REGISTERED,
      );
    });

    it('a registered AssertionConsumerServiceIndex (1) → the Response goes to that ACS', async () => {
      const browser = new BrowserlessClient();
      const post = await readVerifiedAutoPost(
        await loginAtTestDirectory(browser, await browser.getFollow(signedRedirect({ acsIndex: 1 }))),
        t,
      );
      expect(post.action).toBe(SECOND_ACS);
      expect(post.xml).toContain(`Destination="${SECOND_ACS}"`);
    });

    it('a registered non-default ACS URL → the Response goes to exactly that URL', async () => {
      const browser = new BrowserlessClient();
      const post = await readVerifiedAutoPost(
        await loginAtTestDirectory(browser, await browser.getFollow(signedRedirect({ acsUrl: SECOND_ACS }))),
        t,
      );
      expect(post.action).toBe(SECOND_ACS);
    });

    it('no ACS in the request → the registered default ACS', async () => {
      const browser = new BrowserlessClient();
      const post = await readVerifiedAutoPost(
        await loginAtTestDirectory(browser, await browser.getFollow(signedRedirect({}))),
        t,
      );
      expect(post.action).toBe(spAcs(SP));
    });
  });

  describe('flow cookie at the test directory login POST', () => {
    /** Same browser: a link back to the service's registered address (the origin of its ACS). */
    const startAgain = (body: string) => {
      expect(body).toContain(messages('fi')['error.flowMissing']);
      expect(body).toMatch(/<a class="button" href="https?:\/\/[^"/]+\/">/);
    };
    /** Another browser: the service is unknown, so the page says to go back to it (no link invented). */
    const goBack = (body: string) => {
      expect(body).toContain(messages('fi')['error.flowMissing']);
      expect(body).toContain(messages('fi')['error.back']);
      expect(body).not.toMatch(/<a class="button"/);
    };

    it('missing flow cookie (another browser) → 400 PASSI_FLOW_MISSING, a page that explains and says to start again at the service', async () => {
      const browser = new BrowserlessClient();
      const loginPage = await browser.getFollow(signedRedirect({}));
      expect(new URL(loginPage.url).pathname).toBe(TEST_DIRECTORY_LOGIN);
      // Another browser (no cookies) posts the same form.
      const page = await new BrowserlessClient().post(loginPage.url, {
        username: 'demo_u0001',
        password: 'demo_u0001pwd',
      });
      expectErrorPage(page, 400, ErrorCodes.FLOW_MISSING);
      goBack(page.body);
    });

    it('expired flow (past its expiry in the store) → 400 PASSI_FLOW_MISSING, explains and offers to start again', async () => {
      const browser = new BrowserlessClient();
      const loginPage = await browser.getFollow(signedRedirect({}));
      const flowId = browser.cookie(new URL(t.baseUrl).host, '__Host-passi_flow');
      expect(flowId).toBeTruthy();
      await t.services.db
        .updateTable('flow')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', flowId ?? '')
        .execute();
      const page = await browser.submitForm(loginPage, { username: 'demo_u0001', password: 'demo_u0001pwd' });
      expectErrorPage(page, 400, ErrorCodes.FLOW_MISSING);
      startAgain(page.body);
    });

    it('a flow cookie naming no flow (forged or from an old login) → 400 PASSI_FLOW_MISSING', async () => {
      const page = await fetch(`${t.baseUrl}${TEST_DIRECTORY_LOGIN}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: '__Host-passi_flow=forged-flow-id',
        },
        body: 'username=demo_u0001&password=demo_u0001pwd',
      });
      const body = await page.text();
      expect(page.status).toBe(400);
      expect(page.headers.get('x-passi-error-code')).toBe(ErrorCodes.FLOW_MISSING);
      expectNothingPosted({ status: page.status, url: page.url, headers: page.headers, body });
    });

    it('the login form posted again after the login completed (flow used once) → 400 PASSI_FLOW_MISSING', async () => {
      const browser = new BrowserlessClient();
      const loginPage = await browser.getFollow(signedRedirect({}));
      await readVerifiedAutoPost(await loginAtTestDirectory(browser, loginPage), t);
      const again = await browser.submitForm(loginPage, {
        username: 'demo_u0001',
        password: 'demo_u0001pwd',
      });
      expectErrorPage(again, 400, ErrorCodes.FLOW_MISSING);
    });
  });

  describe('logout return address', () => {
    const logout = (target: string) =>
      new BrowserlessClient().get(`${t.baseUrl}/idp/profile/Logout?return=${encodeURIComponent(target)}`);

    for (const target of [
      'https://attacker.example/',
      `${LOGOUT_EXACT}/more`,
      `${LOGOUT_EXACT}.attacker.example`,
      'https://neg-acs.sp.example/application',
      'https://neg-acs.sp.example:8443/app/x',
      'javascript:alert(1)',
      '//attacker.example/',
    ]) {
      it(`return=${target} (not registered) → 400 PASSI_LOGOUT_RETURN_NOT_ALLOWED, no redirect`, async () => {
        expectErrorPage(await logout(target), 400, ErrorCodes.LOGOUT_RETURN_NOT_ALLOWED);
      });
    }

    it('return= a registered exact URL → 303 to it', async () => {
      const r = await logout(LOGOUT_EXACT);
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe(LOGOUT_EXACT);
    });

    it('return= a URL under a registered prefix ending in / → 303 to it', async () => {
      const r = await logout(`${LOGOUT_PREFIX}goodbye?lang=fi`);
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe(`${LOGOUT_PREFIX}goodbye?lang=fi`);
    });

    it('no return parameter → 200 logged-out page', async () => {
      const r = await new BrowserlessClient().get(`${t.baseUrl}/idp/profile/Logout`);
      expect(r.status).toBe(200);
      expect(r.headers.get('location')).toBeNull();
    });
  });
});
