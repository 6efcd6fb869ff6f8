/**
 * A service provider's journey through the real service pages in Debian's Chromium (docs/portal.md
 * "Services"): the main user registers a SAML service from the metadata @node-saml/node-saml generates
 * (served at an address the page fetches), sees the entity id, ACS and certificate read from it, logs in
 * through the test directory with node-saml as the service, and creates the production service; registers
 * an OIDC service, gets its secret once, logs in with openid-client (code flow with PKCE), rotates the
 * secret (both secrets work during the overlap, only the new one after it) and creates the production
 * service. Every service page visited passes axe (WCAG 2.1 A/AA), in fi, sv and en.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import * as client from 'openid-client';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../src/core/clock.ts';
import type { Language } from '../../src/core/language.ts';
import { messages } from '../../src/i18n/messages.ts';
import { testKey } from '../../src/protocols/saml/test-kit.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { FIRST_FLOW_ACR } from '../oidc/oidc-test-kit.ts';
import { idpCertificate } from '../saml-idp/support/saml-checks.ts';
import { RP_CALLBACK, SERVICE_PROVIDER } from '../services/service-support.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { shot, text } from './journey-steps.ts';
import { signedInBrowser } from './portal-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const DAY = 86_400_000;
const en = messages('en');
const servicesPath = `/portal/organisation/${SERVICE_PROVIDER}/services`;
// https addresses, as a production copy needs; nothing listens there: the browser's POST to the ACS and
// its redirect to the callback are caught by page.route and handed to the service's library.
const SP_ENTITY_ID = 'https://oppimateriaali.journey.example/saml';
const SP_ACS = 'https://oppimateriaali.journey.example/saml/acs';
const spKey = testKey('service-journey-sp');
const atAcs = (url: URL) => url.href.startsWith(SP_ACS);
const atRp = (url: URL) => url.href.startsWith(RP_CALLBACK);

describe.skipIf(!chromiumAvailable)('service provider journey in Chromium: SAML and OIDC services', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let metadataServer: Server;
  let metadataUrl = '';
  // Passi's clock; moved past the rotation's overlap at the end (the portal session ends with it).
  let offset = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offset) };

  // The service: @node-saml/node-saml, which writes the metadata, signs the AuthnRequest, validates the Response.
  let sp: SAML;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp({ clock }), launchChromium()]);
    sp = new SAML({
      entryPoint: `${t.baseUrl}/idp/profile/SAML2/Redirect/SSO`,
      issuer: SP_ENTITY_ID,
      callbackUrl: SP_ACS,
      audience: SP_ENTITY_ID,
      idpCert: idpCertificate(t),
      idpIssuer: `${t.baseUrl}/idp/shibboleth`,
      privateKey: spKey.privateKeyPem,
      publicCert: spKey.certificatePem,
      signatureAlgorithm: 'sha256',
      digestAlgorithm: 'sha256',
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      disableRequestedAuthnContext: true,
      identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      acceptedClockSkewMs: 5000,
    });
    // The service's own library writes its metadata (SPSSODescriptor, signing certificate, HTTP-POST ACS).
    const metadata = sp.generateServiceProviderMetadata(null, spKey.certificatePem);
    metadataServer = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/samlmetadata+xml' });
      response.end(metadata);
    });
    await new Promise<void>((resolve) => metadataServer.listen(0, '127.0.0.1', resolve));
    metadataUrl = `http://127.0.0.1:${(metadataServer.address() as AddressInfo).port}/metadata.xml`;
    // Signed in through the pages; the session cookie goes to a fresh Chromium profile. bypassCSP only
    // so axe-core can be injected into the pages as they are.
    const { browser: signedIn } = await signedInBrowser(
      t,
      'paakayttaja@oppimateriaali.example',
      'service-main',
      SERVICE_PROVIDER,
    );
    context = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
    const host = new URL(t.baseUrl);
    await context.addCookies([
      {
        name: 'passi_portal',
        value: signedIn.cookie(host.host, 'passi_portal') ?? '',
        domain: host.hostname,
        path: '/',
        sameSite: 'Strict',
        httpOnly: true,
      },
    ]);
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await new Promise((resolve) => metadataServer?.close(resolve));
    await t?.close();
  });

  /** axe-core on the page as it is, in the language it was asked in. */
  async function expectAccessible(lang: Language) {
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    expect(await axeViolations(page)).toEqual([]);
  }

  /** A service page in `lang`, checked with axe; back in English for the steps that follow. */
  async function checkServicePage(path: string, lang: Language) {
    await page.goto(`${t.baseUrl}${path}?lang=${lang}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(lang);
  }

  const createForm = (protocol: 'saml' | 'oidc'): Locator =>
    page.locator('form').filter({ has: page.locator(`input[name="protocol"][value="${protocol}"]`) });
  const details = async () => text(page.locator('dl.details'));
  /** The value shown under one label of the service's details. */
  const detail = (label: string) =>
    text(page.locator('dl.details dt', { hasText: label }).locator('xpath=following-sibling::dd[1]'));
  const productionSection = () => page.locator('section[aria-labelledby="production-heading"]');

  /** Waits until the daily login statistics count the test login: the page then offers the production copy. */
  async function waitForPassedTestLogin(path: string) {
    await vi.waitFor(
      async () => {
        await page.goto(`${t.baseUrl}${path}?lang=en`);
        expect(await text(productionSection())).toContain(en['portal.services.testPassed']);
      },
      { timeout: 10_000, interval: 300 },
    );
  }

  let samlPath = '';
  let oidcPath = '';

  it('registers a SAML service from its metadata address; the page shows what was read from it', async () => {
    await page.goto(`${t.baseUrl}${servicesPath}?lang=en`);
    await expectAccessible('en');
    await shot(page, 'services.png');
    const form = createForm('saml');
    await form.getByLabel(en['portal.services.name.fi']).fill('Oppimateriaali SAML');
    await form.getByLabel(en['portal.services.name.en']).fill('Learning material SAML');
    await form.getByLabel(en['portal.services.metadataUrl']).fill(metadataUrl);
    await form.getByRole('button', { name: en['portal.services.create'] }).click();
    await page.getByRole('heading', { level: 1, name: 'Learning material SAML' }).waitFor();
    samlPath = new URL(page.url()).pathname;
    const shown = await details();
    expect(shown).toContain(SP_ENTITY_ID);
    expect(shown).toContain(SP_ACS);
    // One signing certificate, no encryption certificate (node-saml was given no decryption key).
    expect(await detail(en['portal.services.certificates'])).toBe('1 / 0');
    expect(await detail(en['portal.services.signingCertificate'])).toMatch(
      /CN=passi-test-service-journey-sp.*\(valid until \d{4}-\d{2}-\d{2}\)/,
    );
    expect(shown).toContain(en['portal.services.phase.test']);
    expect(await text(productionSection())).toContain(en['portal.services.notTested']);
    await checkServicePage(samlPath, 'fi');
  });

  it('a SAML test login through the test directory, validated by node-saml; then the production service', async () => {
    let acsPost: Record<string, string> | undefined;
    await inPupilsBrowser(async (pupil) => {
      await pupil.route(atAcs, async (route) => {
        acsPost = Object.fromEntries(new URLSearchParams(route.request().postData() ?? ''));
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>ACS</title><p>ok</p>' });
      });
      await pupil.goto(await sp.getAuthorizeUrlAsync('journey-relay', undefined, {}));
      await loginAtTestDirectory(pupil);
      await pupil.waitForURL(SP_ACS);
    });
    expect(acsPost?.RelayState).toBe('journey-relay');
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: acsPost?.SAMLResponse ?? '' });
    expect(profile?.issuer).toBe(`${t.baseUrl}/idp/shibboleth`);
    expect([profile?.['urn:mpass.id:schoolInfo']].flat().join(' ')).toContain('30076');

    await waitForPassedTestLogin(samlPath);
    await shot(page, 'service-saml-tested.png');
    await checkServicePage(samlPath, 'sv');
    await page.goto(`${t.baseUrl}${samlPath}?lang=en`);
    const production = productionSection();
    await production.getByLabel(en['portal.services.productionEntityId']).fill(`${SP_ENTITY_ID}/production`);
    await production.getByRole('button', { name: en['portal.services.production'] }).click();
    await page.getByRole('heading', { level: 1, name: 'Learning material SAML' }).waitFor();
    expect(new URL(page.url()).pathname).not.toBe(samlPath);
    const shown = await details();
    expect(shown).toContain(en['portal.services.phase.production']);
    expect(shown).toContain(`${SP_ENTITY_ID}/production`);
    expect(shown).toContain(SP_ACS);
    await expectAccessible('en');
  });

  /**
   * A login to a service happens in a browser of its own (a tester's, not the main user's): no single
   * sign-on session left from the login before, so every login goes through the test directory.
   */
  async function inPupilsBrowser(steps: (pupil: Page) => Promise<void>) {
    const pupilContext = await browser.newContext({ locale: 'fi-FI' });
    try {
      await steps(await pupilContext.newPage());
    } finally {
      await pupilContext.close();
    }
  }

  /** The test directory's form as a person fills it (demo user of the Mansikkala test school). */
  async function loginAtTestDirectory(pupil: Page) {
    await pupil.waitForURL(/\/upstream\/test-directory\/[^/]+\/login/);
    await pupil.locator('input[name="username"]').fill('demo_u0001');
    await pupil.locator('input[name="password"]').fill('demo_u0001pwd');
    await pupil
      .locator('form')
      .filter({ has: pupil.locator('input[name="password"]') })
      .locator('button')
      .click();
  }

  /** A login with openid-client as the relying party, the browser part in Chromium; the callback URL. */
  async function oidcLogin(clientId: string) {
    const config = await client.discovery(new URL(t.baseUrl), clientId, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    });
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: RP_CALLBACK,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      // The demo registry's first test school: no discovery page in between.
      acr_values: FIRST_FLOW_ACR,
    });
    let callback = new URL(RP_CALLBACK);
    await inPupilsBrowser(async (pupil) => {
      await pupil.route(atRp, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<title>RP</title><p>ok</p>' }),
      );
      await pupil.goto(url.href);
      await loginAtTestDirectory(pupil);
      await pupil.waitForURL(atRp);
      callback = new URL(pupil.url());
    });
    return { callback, verifier, state, nonce };
  }

  /** The code exchanged at the token endpoint with `secret` (client_secret_basic, OIDC Core §3.1.3). */
  async function exchange(clientId: string, secret: string, login: Awaited<ReturnType<typeof oidcLogin>>) {
    const config = await client.discovery(
      new URL(t.baseUrl),
      clientId,
      undefined,
      client.ClientSecretBasic(secret),
      { execute: [client.allowInsecureRequests] },
    );
    const tokens = await client.authorizationCodeGrant(config, login.callback, {
      pkceCodeVerifier: login.verifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
    });
    expect(tokens.claims()?.sub).toBeTruthy();
    return tokens;
  }

  it('the edit form (sent as multipart by the browser) changes access to by agreement and keeps the set', async () => {
    await page.goto(`${t.baseUrl}${samlPath}?lang=en`);
    const before = (await t.services.repo.list('service')).find((e) => samlPath.endsWith(`/${e.id}`));
    expect(before?.doc.access ?? 'open').toBe('open');
    await page.getByRole('radio', { name: en['portal.services.access.agreement'] }).check();
    await page.getByRole('button', { name: en['portal.services.save'] }).click();
    await page.getByRole('status').getByText(en['portal.services.saved']).waitFor();
    const after = (await t.services.repo.list('service')).find((e) => e.id === before?.id);
    expect(after?.doc.access).toBe('agreement');
    expect(after?.doc.serviceSets).toEqual(before?.doc.serviceSets);
    expect(await axeViolations(page)).toEqual([]);
  });

  let clientId = '';
  let firstSecret = '';
  let secondSecret = '';

  it('registers an OIDC service: the secret is shown once; a test login with it works', async () => {
    await page.goto(`${t.baseUrl}${servicesPath}?lang=en`);
    const form = createForm('oidc');
    await form.getByLabel(en['portal.services.name.en']).fill('Learning material OIDC');
    await form.getByLabel(en['portal.services.redirectUris'], { exact: true }).fill(RP_CALLBACK);
    const answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await form.getByRole('button', { name: en['portal.services.create'] }).click();
    expect((await answer).headers()['cache-control']).toContain('no-store');
    await page.getByRole('heading', { level: 1, name: en['portal.services.secretTitle'] }).waitFor();
    clientId = await text(page.locator('#client-id'));
    firstSecret = await text(page.locator('#client-secret'));
    expect(firstSecret).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    await expectAccessible('en');
    await shot(page, 'service-oidc-secret.png');

    // The way back is the service page: the secret is not on it, nor on the list.
    await page.getByRole('link', { name: en['portal.services.back'] }).click();
    await page.getByRole('heading', { level: 1, name: 'Learning material OIDC' }).waitFor();
    oidcPath = new URL(page.url()).pathname;
    expect(await page.content()).not.toContain(firstSecret);
    expect(await details()).toContain(clientId);
    await page.goto(`${t.baseUrl}${servicesPath}?lang=en`);
    expect(await page.content()).not.toContain(firstSecret);

    await exchange(clientId, firstSecret, await oidcLogin(clientId));
  });

  it('rotates the secret: both work during the overlap; the production service after the passed test login', async () => {
    await page.goto(`${t.baseUrl}${oidcPath}?lang=en`);
    await page.getByLabel(en['portal.services.overlapDays']).fill('7');
    await page.getByRole('button', { name: en['portal.services.rotate'] }).click();
    await page.getByRole('heading', { level: 1, name: en['portal.services.secretTitle'] }).waitFor();
    secondSecret = await text(page.locator('#client-secret'));
    expect(secondSecret).not.toBe(firstSecret);
    expect(await text(page.locator('#client-id'))).toBe(clientId);

    await page.goto(`${t.baseUrl}${oidcPath}?lang=en`);
    expect(await details()).toContain(en['portal.services.previousUntil']);
    expect(await page.content()).not.toContain(secondSecret);
    await exchange(clientId, firstSecret, await oidcLogin(clientId));
    await exchange(clientId, secondSecret, await oidcLogin(clientId));

    await waitForPassedTestLogin(oidcPath);
    await shot(page, 'service-oidc-rotated.png');
    await checkServicePage(oidcPath, 'sv');
    await checkServicePage(oidcPath, 'fi');
    await page.goto(`${t.baseUrl}${oidcPath}?lang=en`);
    await productionSection().getByRole('button', { name: en['portal.services.production'] }).click();
    await page.getByRole('heading', { level: 1, name: en['portal.services.secretTitle'] }).waitFor();
    const productionClientId = await text(page.locator('#client-id'));
    expect(productionClientId).not.toBe(clientId);
    expect([firstSecret, secondSecret]).not.toContain(await text(page.locator('#client-secret')));
    await page.getByRole('link', { name: en['portal.services.back'] }).click();
    await page.getByRole('heading', { level: 1, name: 'Learning material OIDC' }).waitFor();
    expect(await details()).toContain(en['portal.services.phase.production']);
    await expectAccessible('en');
  });

  it('after the overlap only the new secret works', async () => {
    // Passi's clock (injected into the test app) moves past the 7-day overlap; the previous secret's
    // expiry is compared with that clock at the token endpoint. Last step: the portal session ends too.
    offset = 8 * DAY;
    const late = await oidcLogin(clientId);
    await expect(exchange(clientId, firstSecret, late)).rejects.toMatchObject({
      status: 401,
      cause: [{ parameters: { error: 'invalid_client' } }],
    });
    await exchange(clientId, secondSecret, late);
  });
});
