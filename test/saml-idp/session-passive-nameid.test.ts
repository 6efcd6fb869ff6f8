/**
 * AuthnRequest options (SAML Core 2.0 §3.4.1): IsPassive (NoPassive without a session), ForceAuthn, SSO sessions,
 * NameIDPolicy (transient default, persistent = pairwise per service, unsupported → InvalidNameIDPolicy),
 * RequestedAuthnContext `urn:mpass.id:authnsource:<flow>` (skips discovery) and `urn:mpass.id:authntag:<tag>`
 * (narrows it), and logout ending the session. Every Response passes xmlsec1 and the XSDs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMEID_FORMAT, STATUS } from '../../src/protocols/saml/namespaces.ts';
import { BrowserlessClient, type BrowserResponse } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import {
  type AuthnRequestOptions,
  authnRequestXml,
  redirectSsoUrl,
  ssoUrls,
} from './support/authn-requests.ts';
import {
  elementTexts,
  idpCertificate,
  loginAtTestDirectory,
  readAutoPost,
  readVerifiedAutoPost,
  TEST_DIRECTORY_LOGIN,
  verifyPassiResponse,
} from './support/saml-checks.ts';
import { registryYaml, spAcs, spEntityId } from './support/sp-registry.ts';

const SP_A = 'sess-a';
const SP_B = 'sess-b';
const SP_PERSISTENT = 'sess-persistent-default';
const SP_HINT = 'sess-two-integrations';
const KARHULA_LOGIN = '/upstream/test-directory/KarhulaTest/login';

describe('IsPassive, ForceAuthn, SSO session, NameIDPolicy, authnsource hints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      registry: registryYaml(
        [{ id: SP_A }, { id: SP_B }, { id: SP_PERSISTENT, nameIdFormat: 'persistent' }, { id: SP_HINT }],
        // A second test-directory integration serving only SP_HINT, so that service needs discovery.
        [{ id: '4000002', flowName: 'KarhulaTest', allowedServices: [SP_HINT], tags: ['karhula'] }],
      ),
    });
  });
  afterAll(() => t?.close());

  const sso = (browser: BrowserlessClient, sp: string, o: Partial<AuthnRequestOptions> = {}) =>
    browser.get(
      redirectSsoUrl(
        t.baseUrl,
        authnRequestXml({ issuer: spEntityId(sp), destination: ssoUrls(t.baseUrl).redirect, ...o }),
      ),
    );
  const path = (r: BrowserResponse) => new URL(r.headers.get('location') ?? '', t.baseUrl).pathname;
  const verify = (xml: string) => verifyPassiResponse(xml, { idpCertPem: idpCertificate(t) });
  const nameId = (xml: string) => elementTexts(xml, 'NameID')[0] ?? '';

  /** A full login in `browser` (a fresh SSO session); returns the Response XML. */
  const login = async (
    browser: BrowserlessClient,
    sp: string,
    o: Partial<AuthnRequestOptions> = {},
    user = 'demo_u0001',
  ) => {
    const first = await sso(browser, sp, o);
    expect(first.status, first.headers.get('x-passi-error-code') ?? '').toBe(303);
    const post = await readVerifiedAutoPost(
      await loginAtTestDirectory(browser, await browser.follow(first), user),
      t,
    );
    expect(post.action).toBe(spAcs(sp));
    expect(post.verified.statusCodes).toEqual([STATUS.success]);
    return post.xml;
  };

  describe('IsPassive and SSO sessions', () => {
    it('IsPassive without a session → a signed Response with status NoPassive, POSTed to the registered ACS', async () => {
      const page = await sso(new BrowserlessClient(), SP_A, { isPassive: true, id: '_passive1' });
      const post = readAutoPost(page);
      expect(post.action).toBe(spAcs(SP_A));
      const verified = await verify(post.xml);
      expect(verified.statusCodes).toEqual([STATUS.responder, STATUS.noPassive]);
      expect(verified.responseSigned).toBe(true);
      expect(verified.assertionXml).toBeUndefined();
      expect(post.xml).toContain('InResponseTo="_passive1"');
    });

    it('IsPassive with a session → Success from the session, no login page', async () => {
      const browser = new BrowserlessClient();
      await login(browser, SP_A);
      const verified = await verify(readAutoPost(await sso(browser, SP_A, { isPassive: true })).xml);
      expect(verified.statusCodes).toEqual([STATUS.success]);
    });

    it('without ForceAuthn a second login in the same browser is answered from the SSO session (no login page)', async () => {
      const browser = new BrowserlessClient();
      await login(browser, SP_A);
      const again = await sso(browser, SP_A);
      const post = readAutoPost(again);
      const verified = await verify(post.xml);
      expect(verified.statusCodes).toEqual([STATUS.success]);
      expect(elementTexts(post.xml, 'AuthnContextClassRef')).toEqual([
        'urn:mpass.id:authnsource:MansikkalaTest',
      ]);
    });

    it('the SSO session also answers another service (SP-A then SP-B)', async () => {
      const browser = new BrowserlessClient();
      await login(browser, SP_A);
      const post = readAutoPost(await sso(browser, SP_B));
      expect(post.action).toBe(spAcs(SP_B));
      expect(elementTexts(post.xml, 'Audience')).toEqual([spEntityId(SP_B)]);
      await verify(post.xml);
    });

    it('ForceAuthn with an existing session → the test directory login page is shown again', async () => {
      const browser = new BrowserlessClient();
      await login(browser, SP_A);
      const forced = await sso(browser, SP_A, { forceAuthn: true });
      expect(forced.status).toBe(303);
      expect(path(forced)).toBe(TEST_DIRECTORY_LOGIN);
      // Logging in as someone else is possible and is what the service gets.
      const post = await readVerifiedAutoPost(
        await loginAtTestDirectory(browser, await browser.follow(forced), 'demo_u0002'),
        t,
      );
      expect(post.verified.statusCodes).toEqual([STATUS.success]);
    });

    it('logout ends the session: the next request shows the login page again', async () => {
      const browser = new BrowserlessClient();
      await login(browser, SP_A);
      expect((await browser.get(`${t.baseUrl}/idp/profile/Logout`)).status).toBe(200);
      const after = await sso(browser, SP_A);
      expect(after.status).toBe(303);
      expect(path(after)).toBe(TEST_DIRECTORY_LOGIN);
      const passive = readAutoPost(await sso(browser, SP_A, { isPassive: true }));
      expect((await verify(passive.xml)).statusCodes).toEqual([STATUS.responder, STATUS.noPassive]);
    });
  });

  describe('NameIDPolicy', () => {
    it('no NameIDPolicy → transient NameID, a new value per Response', async () => {
      const [one, two] = [
        await login(new BrowserlessClient(), SP_A),
        await login(new BrowserlessClient(), SP_A),
      ];
      expect(one).toContain(`Format="${NAMEID_FORMAT.transient}"`);
      expect(nameId(one)).not.toBe(nameId(two));
    });

    it('persistent → pairwise NameID: stable for the same user and service, different for another service or user', async () => {
      const persistent = { nameIdFormat: NAMEID_FORMAT.persistent };
      const a1 = await login(new BrowserlessClient(), SP_A, persistent);
      const a2 = await login(new BrowserlessClient(), SP_A, persistent);
      const b1 = await login(new BrowserlessClient(), SP_B, persistent);
      const aOther = await login(new BrowserlessClient(), SP_A, persistent, 'demo_u0002');
      for (const xml of [a1, a2, b1, aOther]) expect(xml).toContain(`Format="${NAMEID_FORMAT.persistent}"`);
      expect(nameId(a1)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(nameId(a2)).toBe(nameId(a1));
      expect(nameId(b1)).not.toBe(nameId(a1));
      expect(nameId(aOther)).not.toBe(nameId(a1));
    });

    it('service registered with nameIdFormat: persistent → persistent without asking; unspecified also gets it', async () => {
      const one = await login(new BrowserlessClient(), SP_PERSISTENT);
      const two = await login(new BrowserlessClient(), SP_PERSISTENT, {
        nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      });
      expect(one).toContain(`Format="${NAMEID_FORMAT.persistent}"`);
      expect(nameId(two)).toBe(nameId(one));
    });

    it('unsupported NameIDPolicy format (emailAddress) → InvalidNameIDPolicy status Response to the ACS', async () => {
      const page = await sso(new BrowserlessClient(), SP_A, {
        id: '_emailPolicy',
        nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      });
      const post = readAutoPost(page);
      expect(post.action).toBe(spAcs(SP_A));
      const verified = await verify(post.xml);
      expect(verified.statusCodes).toEqual([STATUS.requester, STATUS.invalidNameIdPolicy]);
      expect(post.xml).toContain('InResponseTo="_emailPolicy"');
    });
  });

  describe('RequestedAuthnContext hints', () => {
    const source = (flow: string) => [`urn:mpass.id:authnsource:${flow}`];

    it('authnsource MansikkalaTest for a service with one integration → its login page, class ref echoed', async () => {
      const xml = await login(new BrowserlessClient(), SP_A, {
        authnContextClassRefs: source('MansikkalaTest'),
      });
      expect(elementTexts(xml, 'AuthnContextClassRef')).toEqual(['urn:mpass.id:authnsource:MansikkalaTest']);
    });

    it('two integrations and no hint → discovery', async () => {
      const r = await sso(new BrowserlessClient(), SP_HINT);
      expect(r.status).toBe(303);
      expect(path(r)).toBe('/discovery');
    });

    it('two integrations, authnsource MansikkalaTest → straight to that login page, not /discovery', async () => {
      const browser = new BrowserlessClient();
      const r = await sso(browser, SP_HINT, { authnContextClassRefs: source('MansikkalaTest') });
      expect(r.status).toBe(303);
      expect(path(r)).toBe(TEST_DIRECTORY_LOGIN);
      const post = await readVerifiedAutoPost(
        await loginAtTestDirectory(browser, await browser.follow(r)),
        t,
      );
      expect(elementTexts(post.verified.assertionXml ?? '', 'AuthnContextClassRef')).toEqual(
        source('MansikkalaTest'),
      );
    });

    it('two integrations, authnsource KarhulaTest → the other integration, reported in AuthnContextClassRef', async () => {
      const browser = new BrowserlessClient();
      const r = await sso(browser, SP_HINT, { authnContextClassRefs: source('KarhulaTest') });
      expect(path(r)).toBe(KARHULA_LOGIN);
      const page = await browser.follow(r);
      const post = readAutoPost(
        await browser.submitForm(page, { username: 'demo_u0001', password: 'demo_u0001pwd' }),
      );
      expect(elementTexts(post.xml, 'AuthnContextClassRef')).toEqual(source('KarhulaTest'));
      await verify(post.xml);
    });

    it('two integrations, authntag karhula → narrowed to the one tagged integration', async () => {
      const r = await sso(new BrowserlessClient(), SP_HINT, {
        authnContextClassRefs: ['urn:mpass.id:authntag:karhula'],
      });
      expect(path(r)).toBe(KARHULA_LOGIN);
    });

    // SAML Core §3.3.2.2.1: a RequestedAuthnContext the IdP cannot satisfy is answered with NoAuthnContext,
    // never by a login through another school (docs/registry.md "Naming the school in the request").
    it('authnsource naming no school allowed for the service, one integration → NoAuthnContext, no login page', async () => {
      const page = await sso(new BrowserlessClient(), SP_A, {
        authnContextClassRefs: source('KarhulaTest'),
        id: '_unknownsource1',
      });
      const post = readAutoPost(page);
      expect(post.action).toBe(spAcs(SP_A));
      const verified = await verify(post.xml);
      expect(verified.statusCodes).toEqual([STATUS.responder, STATUS.noAuthnContext]);
      expect(verified.assertionXml).toBeUndefined();
      expect(post.xml).toContain('InResponseTo="_unknownsource1"');
    });

    it('authnsource naming no known flow, two integrations → NoAuthnContext, not discovery; a session is not used either', async () => {
      const browser = new BrowserlessClient();
      await login(browser, SP_HINT, { authnContextClassRefs: source('MansikkalaTest') });
      const post = readAutoPost(await sso(browser, SP_HINT, { authnContextClassRefs: source('NoSuchFlow') }));
      expect((await verify(post.xml)).statusCodes).toEqual([STATUS.responder, STATUS.noAuthnContext]);
    });

    it('one known and one unknown authnsource → the known one is used', async () => {
      const r = await sso(new BrowserlessClient(), SP_HINT, {
        authnContextClassRefs: [...source('NoSuchFlow'), ...source('KarhulaTest')],
      });
      expect(path(r)).toBe(KARHULA_LOGIN);
    });

    it('a session from MansikkalaTest is not used for a request hinting KarhulaTest', async () => {
      const browser = new BrowserlessClient();
      await login(browser, SP_HINT, { authnContextClassRefs: source('MansikkalaTest') });
      const r = await sso(browser, SP_HINT, { authnContextClassRefs: source('KarhulaTest') });
      expect(path(r)).toBe(KARHULA_LOGIN);
    });
  });
});
