/**
 * The attribute test service shows a login's report (raw attributes, rules) only to the browser that
 * started that login and only after Passi's answer to it was validated: the report is found by a handle
 * Passi puts inside the signed assertion / ID token, never by a value the requester chose (the OIDC
 * `state`, the AuthnRequest ID).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import { captureLog } from '../support/log-capture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** What only a stored login report shows: the raw attributes the school sent. */
function showsReport(page: BrowserResponse): boolean {
  return page.body.includes('mpassUserIdentity') || page.body.includes('id="raw"');
}

/** Released attribute values of demo_u0001 (a victim's data on the page). */
function showsAttributes(page: BrowserResponse): boolean {
  return page.body.includes('data-status="ok"') || page.body.includes('Mansikkalan testi peruskoulu');
}

function errorIdOf(page: BrowserResponse): string | undefined {
  return /class="error-id">([^<]+)</.exec(page.body)?.[1];
}

/** A pupil with a live Passi SSO session (logged in once at the SAML test service). */
async function pupilWithSession(baseUrl: string): Promise<BrowserlessClient> {
  const pupil = new BrowserlessClient();
  const login = await pupil.getFollow(`${baseUrl}/test-service/saml/login?lang=en`);
  const posted = await pupil.submitForm(login, { username: 'demo_u0001', password: 'demo_u0001pwd' });
  const result = await pupil.submitForm(posted);
  expect(showsReport(result)).toBe(true);
  expect(pupil.cookie(new URL(baseUrl).host, '__Host-passi_session')).toBeDefined();
  return pupil;
}

/** Follows redirects until the next hop would reach `path`; returns that address without visiting it. */
async function addressBefore(
  client: BrowserlessClient,
  response: BrowserResponse,
  path: string,
): Promise<string> {
  let current = response;
  for (let i = 0; i < 10; i++) {
    const location = current.headers.get('location');
    if (!location) break;
    const next = new URL(location, current.url).toString();
    if (new URL(next).pathname === path) return next;
    current = await client.get(next);
  }
  throw new Error(`no redirect to ${path} from ${current.url} (${current.status})`);
}

describe('attribute test service: reports only for the browser that started the login', () => {
  let t: TestApp;
  const log = captureLog();
  beforeAll(async () => {
    t = await createTestApp({ logStream: log.stream });
  });
  afterAll(() => t?.close());

  it('OIDC: a crafted link with the attacker’s state gives the attacker nothing of the pupil’s login', async () => {
    const pupil = await pupilWithSession(t.baseUrl);
    const attacker = new BrowserlessClient();
    const start = await attacker.get(`${t.baseUrl}/test-service/oidc/login?lang=en`);
    const authorizeUrl = start.headers.get('location') ?? '';
    const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
    expect(state).not.toBe('');
    // The pupil opens the attacker's link: Passi answers at once from the SSO session.
    await pupil.getFollow(authorizeUrl);
    // The attacker comes back with their own cookie and a made-up code for that state.
    const stolen = await attacker.getFollow(
      `${t.baseUrl}/test-service/oidc/callback?code=made-up&state=${encodeURIComponent(state)}`,
    );
    expect(showsReport(stolen)).toBe(false);
    expect(showsAttributes(stolen)).toBe(false);
    expect(errorIdOf(stolen)).toBeDefined();
  });

  it('SAML: a crafted link with the attacker’s request ID gives the attacker nothing of the pupil’s login', async () => {
    const pupil = await pupilWithSession(t.baseUrl);
    const attacker = new BrowserlessClient();
    const start = await attacker.get(`${t.baseUrl}/test-service/saml/login?lang=en`);
    const ssoUrl = start.headers.get('location') ?? '';
    expect(ssoUrl).toContain('SAMLRequest=');
    // The pupil opens the attacker's link; Passi signs an assertion for the pupil (auto-POST page).
    const toService = await pupil.getFollow(ssoUrl);
    expect(toService.body).toContain('SAMLResponse');
    // The attacker posts anything to the ACS with their own cookie.
    const stolen = await attacker.post(`${t.baseUrl}/test-service/saml/acs`, {
      SAMLResponse: Buffer.from('<samlp:Response/>').toString('base64'),
    });
    expect(showsReport(stolen)).toBe(false);
    expect(showsAttributes(stolen)).toBe(false);
    expect(errorIdOf(stolen)).toBeDefined();
  });

  it('OIDC: a blocked login on the attacker’s link is not shown to the attacker’s forged error answer', async () => {
    const attacker = new BrowserlessClient();
    const start = await attacker.get(`${t.baseUrl}/test-service/oidc/login?lang=en`);
    const authorizeUrl = start.headers.get('location') ?? '';
    const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
    // The pupil logs in on the attacker's link; the data model blocks the login (no learner id).
    const pupil = new BrowserlessClient();
    const login = await pupil.getFollow(authorizeUrl);
    await pupil.submitForm(login, { username: 'demo_u0022', password: 'demo_u0022pwd' });
    const stolen = await attacker.getFollow(
      `${t.baseUrl}/test-service/oidc/callback?error=access_denied&state=${encodeURIComponent(state)}` +
        `&iss=${encodeURIComponent(t.baseUrl)}`,
    );
    // The forged answer passes as Passi's error (state from the attacker's own cookie)…
    expect(stolen.body).toContain('access_denied');
    // …but the blocked login's report belongs to the pupil's browser, which went through Passi.
    expect(showsReport(stolen)).toBe(false);
    expect(stolen.body).not.toContain('LEARNER_ID_MISSING');
  });

  it('SAML: a blocked login on the attacker’s link is not shown to the attacker’s forged error answer', async () => {
    const attacker = new BrowserlessClient();
    const start = await attacker.get(`${t.baseUrl}/test-service/saml/login?lang=en`);
    const ssoUrl = start.headers.get('location') ?? '';
    const pupil = new BrowserlessClient();
    const login = await pupil.getFollow(ssoUrl);
    const toService = await pupil.submitForm(login, { username: 'demo_u0022', password: 'demo_u0022pwd' });
    const answer = Buffer.from(parseForms(toService.body)[0]?.fields.SAMLResponse ?? '', 'base64').toString();
    const requestId = /InResponseTo="([^"]+)"/.exec(answer)?.[1] ?? '';
    expect(requestId).not.toBe('');
    // An unsigned error Response the attacker wrote, answering the attacker's own request id.
    const forged =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_f" Version="2.0" ` +
      `IssueInstant="${new Date().toISOString()}" InResponseTo="${requestId}"><samlp:Status>` +
      '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"/></samlp:Status></samlp:Response>';
    const stolen = await attacker.post(`${t.baseUrl}/test-service/saml/acs`, {
      SAMLResponse: Buffer.from(forged).toString('base64'),
    });
    expect(stolen.body).toContain('Responder');
    expect(showsReport(stolen)).toBe(false);
    expect(stolen.body).not.toContain('LEARNER_ID_MISSING');
  });

  it('SAML: a response that fails validation shows no report, only a plain message and an error id', async () => {
    const browser = new BrowserlessClient();
    const login = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en`);
    const posted = await browser.submitForm(login, { username: 'demo_u0003', password: 'demo_u0003pwd' });
    const form = parseForms(posted.body)[0];
    const xml = Buffer.from(form?.fields.SAMLResponse ?? '', 'base64').toString('utf8');
    const tampered = xml.replace('Mansikkalan', 'Mansikkalax');
    expect(tampered).not.toBe(xml);
    const page = await browser.post(form?.action ?? '', {
      SAMLResponse: Buffer.from(tampered, 'utf8').toString('base64'),
    });
    expect(page.status).toBe(400);
    expect(showsReport(page)).toBe(false);
    expect(showsAttributes(page)).toBe(false);
    // No library text on the page: a plain message and the error id, which is also in the log.
    expect(page.body).not.toMatch(/signature/i);
    expect(page.body).toContain('The answer from Passi could not be accepted');
    const errorId = errorIdOf(page) ?? '';
    expect(errorId).not.toBe('');
    expect(log.lines.some((l) => l.includes(errorId) && /signature/i.test(l))).toBe(true);
  });

  it('SAML: the answer to one browser’s login, posted from another browser, shows nothing', async () => {
    const owner = new BrowserlessClient();
    const login = await owner.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en`);
    const posted = await owner.submitForm(login, { username: 'demo_u0001', password: 'demo_u0001pwd' });
    const form = parseForms(posted.body)[0];
    const fields = form?.fields ?? {};
    // Another cookie jar without a test login of its own…
    const other = new BrowserlessClient();
    const noCookie = await other.post(form?.action ?? '', fields);
    expect(showsReport(noCookie)).toBe(false);
    expect(showsAttributes(noCookie)).toBe(false);
    expect(errorIdOf(noCookie)).toBeDefined();
    // …and one that started a test login of its own.
    await other.get(`${t.baseUrl}/test-service/saml/login?lang=en`);
    const ownCookie = await other.post(form?.action ?? '', fields);
    expect(showsReport(ownCookie)).toBe(false);
    expect(showsAttributes(ownCookie)).toBe(false);
  });

  it('OIDC: the callback of one browser’s login, opened in another browser, shows nothing', async () => {
    const owner = new BrowserlessClient();
    const login = await owner.getFollow(`${t.baseUrl}/test-service/oidc/login?lang=en`);
    const form = parseForms(login.body)[0];
    const submitted = await owner.post(new URL(form?.action ?? '', login.url).toString(), {
      ...form?.fields,
      username: 'demo_u0001',
      password: 'demo_u0001pwd',
    });
    const callback = await addressBefore(owner, submitted, '/test-service/oidc/callback');
    const other = new BrowserlessClient();
    await other.get(`${t.baseUrl}/test-service/oidc/login?lang=en`);
    const page = await other.getFollow(callback);
    expect(showsReport(page)).toBe(false);
    expect(showsAttributes(page)).toBe(false);
    // The owner still gets the report for the login it started.
    const own = await owner.getFollow(callback);
    expect(showsReport(own)).toBe(true);
  });

  it('a login cookie that was changed in the browser is refused', async () => {
    const browser = new BrowserlessClient();
    const host = new URL(t.baseUrl).host;
    await browser.get(`${t.baseUrl}/test-service/saml/login?lang=en`);
    const cookie = browser.cookie(host, '__Host-passi_ts_req') ?? '';
    expect(cookie).not.toBe('');
    browser.setCookie(host, '__Host-passi_ts_req', `${cookie.slice(0, -2)}AA`);
    const page = await browser.post(`${t.baseUrl}/test-service/saml/acs`, {
      SAMLResponse: Buffer.from('<samlp:Response/>').toString('base64'),
    });
    expect(page.status).toBe(400);
    expect(showsReport(page)).toBe(false);
  });
});
