/**
 * AuthnStatement/@SessionIndex (SAML Core §2.7.2) goes to every service and into its logs, so it must not
 * be a bearer credential: it is derived per (session, service) and is never what the browser presents as
 * `__Host-passi_session`. The store keeps sessions under a hash of the cookie, so a reader of the
 * database holds no usable cookie either.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/http/flow-cookies.ts';
import { STATUS } from '../../src/protocols/saml/namespaces.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { flushWritesBehind } from '../support/flush-writes-behind.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { authnRequestXml, redirectSsoUrl, ssoUrls } from './support/authn-requests.ts';
import {
  idpCertificate,
  loginAtTestDirectory,
  readAutoPost,
  readVerifiedAutoPost,
  TEST_DIRECTORY_LOGIN,
  verifyPassiResponse,
} from './support/saml-checks.ts';
import { registryYaml, spEntityId } from './support/sp-registry.ts';

const SP_A = 'sidx-a';
const SP_B = 'sidx-b';

describe('SessionIndex is not the SSO cookie', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ registry: registryYaml([{ id: SP_A }, { id: SP_B }]) });
  });
  afterAll(() => t?.close());

  const host = () => new URL(t.baseUrl).host;
  const sso = (browser: BrowserlessClient, sp: string, o: { isPassive?: boolean } = {}) =>
    browser.get(
      redirectSsoUrl(
        t.baseUrl,
        authnRequestXml({ issuer: spEntityId(sp), destination: ssoUrls(t.baseUrl).redirect, ...o }),
      ),
    );
  const sessionIndexOf = async (xml: string): Promise<string> => {
    const verified = await verifyPassiResponse(xml, { idpCertPem: idpCertificate(t) });
    expect(verified.statusCodes).toEqual([STATUS.success]);
    const m = /SessionIndex="([^"]+)"/.exec(verified.assertionXml ?? '');
    if (!m?.[1]) throw new Error('no SessionIndex in the assertion');
    return m[1];
  };

  /** A fresh login at SP_A, then SSO at SP_B in the same browser. */
  const loginTwice = async () => {
    const browser = new BrowserlessClient();
    const first = await sso(browser, SP_A);
    const post = await readVerifiedAutoPost(
      await loginAtTestDirectory(browser, await browser.follow(first)),
      t,
    );
    const cookie = browser.cookie(host(), SESSION_COOKIE);
    if (!cookie) throw new Error('no session cookie after a login');
    const indexA = await sessionIndexOf(post.xml);
    const indexB = await sessionIndexOf(readAutoPost(await sso(browser, SP_B)).xml);
    return { browser, cookie, indexA, indexB };
  };

  it('SessionIndex differs from the cookie value and between two services of one session', async () => {
    const { cookie, indexA, indexB } = await loginTwice();
    expect(indexA).not.toBe(cookie);
    expect(indexB).not.toBe(cookie);
    expect(indexA).not.toBe(indexB);
    expect(indexA).not.toContain(cookie);
  });

  it('is stable for one service within one session (a service may match it at logout)', async () => {
    const { browser, indexA } = await loginTwice();
    const again = await sessionIndexOf(readAutoPost(await sso(browser, SP_A)).xml);
    expect(again).toBe(indexA);
  });

  it('a SessionIndex presented as the session cookie gets the login page, not an assertion', async () => {
    const { indexA, indexB } = await loginTwice();
    for (const stolen of [indexA, indexB]) {
      const attacker = new BrowserlessClient();
      attacker.setCookie(host(), SESSION_COOKIE, stolen);
      const answer = await sso(attacker, SP_B);
      expect(answer.status).toBe(303);
      expect(new URL(answer.headers.get('location') ?? '', t.baseUrl).pathname).toBe(TEST_DIRECTORY_LOGIN);
      // IsPassive with it: NoPassive, i.e. no session was found.
      const passive = readAutoPost(await sso(attacker, SP_B, { isPassive: true }));
      const verified = await verifyPassiResponse(passive.xml, { idpCertPem: idpCertificate(t) });
      expect(verified.statusCodes).toEqual([STATUS.responder, STATUS.noPassive]);
    }
  });

  it('the stored session holds no usable cookie: neither its key nor its data contain the cookie value', async () => {
    const { cookie } = await loginTwice();
    await flushWritesBehind(t.services.writesBehind);
    const rows = await sql<{ id: string; data: unknown }>`SELECT id, data FROM session`.execute(
      t.services.db,
    );
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const row of rows.rows) {
      expect(row.id).not.toBe(cookie);
      expect(JSON.stringify(row)).not.toContain(cookie);
    }
  });

  it('the cookie itself still gives single sign-on (the derived values did not break SSO)', async () => {
    const { cookie } = await loginTwice();
    const other = new BrowserlessClient();
    other.setCookie(host(), SESSION_COOKIE, cookie);
    await sessionIndexOf(readAutoPost(await sso(other, SP_B)).xml);
  });
});
