import { afterAll, beforeAll, expect, it } from 'vitest';
import { lastTestLogins } from '../../src/portal/commands/integration-test-login.ts';
import type { BrowserlessClient, BrowserResponse } from '../support/browserless-client.ts';
import { describeEachStore } from '../support/describe-each-store.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO_INTEGRATION, integrationDeps, ORG_A, principalOf } from './integration-test-support.ts';
import { signedInBrowser } from './portal-support.ts';

const ORG_B = '1.2.246.562.99.00000000077';
const OTHER_INTEGRATION = '4000301';
const REGISTRY = `
organisations:
  - oid: ${ORG_B}
    name: { fi: Toinen koulutustoimija }
    roles: [educationProvider]
integrations:
  - id: "${OTHER_INTEGRATION}"
    organisationOid: ${ORG_B}
    type: test-directory
    flowName: ToinenTest
    deploymentPhase: test
    allowedServices: []
`;

/** The integration page, where the test login section is (the old `/test` page redirects there). */
const testPage = (org: string, integration: string) =>
  `/portal/organisation/${org}/integrations/${integration}`;
const startPath = (org: string, integration: string) =>
  `/portal/organisation/${org}/integrations/${integration}/test-login`;

describeEachStore('test login from the portal (stored with the integration)', (store) => {
  let t: TestApp;
  let main: { browser: BrowserlessClient; csrf: string };
  let other: { browser: BrowserlessClient; csrf: string };
  let viewer: { browser: BrowserlessClient; csrf: string };
  let host: string;
  const personId = async (email: string) =>
    (
      await t.services.db
        .selectFrom('portal_person')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).id;
  const results = (integrationId: string) =>
    t.services.db
      .selectFrom('integration_test_login')
      .selectAll()
      .where('integration_id', '=', integrationId)
      .orderBy('at')
      .execute();
  /** The test directory's login page of a test login started from the portal, the ticket cookie set. */
  const start = async (who: { browser: BrowserlessClient; csrf: string }, protocol = 'saml') => {
    // Each test logs in afresh at the test directory, not with the single sign-on session of the last one.
    who.browser.setCookie(host, '__Host-passi_session', '');
    return who.browser.postFollow(`${t.baseUrl}${startPath(ORG_A, DEMO_INTEGRATION)}?lang=en`, {
      csrf: who.csrf,
      protocol,
    });
  };
  const logIn = async (browser: BrowserlessClient, page: BrowserResponse, user: string) => {
    const posted = await browser.submitForm(page, { username: user, password: `${user}pwd` });
    // SAML answers through Passi's auto-POST page; OIDC redirects to the callback at once.
    return posted.body.includes('name="SAMLResponse"') ? browser.submitForm(posted) : posted;
  };

  beforeAll(async () => {
    t = await createTestApp({ store, registry: REGISTRY });
    host = new URL(t.baseUrl).host;
    main = await signedInBrowser(t, 'main@mansikkala.example', 'education-main', ORG_A);
    other = await signedInBrowser(t, 'other@mansikkala.example', 'education-main', ORG_A);
    viewer = await signedInBrowser(t, 'viewer@mansikkala.example', 'education-viewer', ORG_A);
  });
  afterAll(() => t?.close());

  it('a passed test login through the test directory is stored: who, when, passed, no attribute values', async () => {
    const login = await start(main);
    expect(login.url).toContain('/upstream/test-directory/MansikkalaTest/login');
    const result = await logIn(main.browser, login, 'demo_u0001');
    expect(result.status).toBe(200);
    expect(result.body).toContain('id="test-login-saved"');
    expect(result.body).toContain('the test passed');
    expect(result.body).toContain(`href="${testPage(ORG_A, DEMO_INTEGRATION)}"`);
    const rows = await results(DEMO_INTEGRATION);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      organisation_id: ORG_A,
      person_id: await personId('main@mansikkala.example'),
      passed: true,
      protocol: 'saml',
    });
    const stored = JSON.stringify(rows[0]?.problems);
    for (const value of ['30076', 'Mansikkala', 'demo_u0001', '1.2.246.562.98'])
      expect(stored).not.toContain(value);
    // The page and the command show it.
    const page = await main.browser.get(`${t.baseUrl}${testPage(ORG_A, DEMO_INTEGRATION)}?lang=en`);
    expect(page.body).toMatch(/data-passed="true"/);
    expect(page.body).toContain('main@mansikkala.example');
    // The page's old address leads to the integration page.
    const old = await main.browser.get(`${t.baseUrl}${testPage(ORG_A, DEMO_INTEGRATION)}/test?lang=en`);
    expect(old.status).toBe(303);
    expect(old.headers.get('location')).toBe(`${testPage(ORG_A, DEMO_INTEGRATION)}?lang=en`);
    const last = await lastTestLogins(
      integrationDeps(t),
      principalOf('x', 'education-viewer', ORG_A),
      ORG_A,
      DEMO_INTEGRATION,
    );
    expect(last[0]).toMatchObject({ passed: true, who: 'main@mansikkala.example' });
  });

  it('over OpenID Connect too', async () => {
    const before = (await results(DEMO_INTEGRATION)).length;
    const result = await logIn(main.browser, await start(main, 'oidc'), 'demo_u0001');
    expect(result.body).toContain('the test passed');
    const rows = await results(DEMO_INTEGRATION);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ passed: true, protocol: 'oidc' });
  });

  it('a login the data model blocks is stored as failed, with the attribute and the rule', async () => {
    const result = await logIn(main.browser, await start(main), 'demo_u0022');
    expect(result.body).toContain('the test failed');
    const row = (await results(DEMO_INTEGRATION)).at(-1);
    expect(row?.passed).toBe(false);
    expect(row?.problems.attributes).toContainEqual({
      attribute: 'learnerId',
      status: 'error',
      codes: ['LEARNER_ID_MISSING'],
    });
    expect(row?.problems.failure).toBeTruthy();
  });

  it('a login without a role is stored as failed although it succeeded', async () => {
    const result = await logIn(main.browser, await start(main), 'demo_u0023');
    expect(result.body).toContain('the test failed');
    const row = (await results(DEMO_INTEGRATION)).at(-1);
    expect(row?.passed).toBe(false);
    expect(row?.problems.failure).toBeUndefined();
    expect(row?.problems.rules.map((r) => r.code)).toContain('ROLE_MISSING');
  });

  it('a login through another integration is not stored for the ticket’s integration, nor for the other', async () => {
    const before = (await results(DEMO_INTEGRATION)).length;
    await start(main);
    main.browser.setCookie(host, '__Host-passi_session', '');
    // The ticket is for 4000001; the browser then logs in through another organisation's integration.
    const login = await main.browser.getFollow(
      `${t.baseUrl}/test-service/saml/login?flow=ToinenTest&lang=en`,
    );
    expect(login.url).toContain('/upstream/test-directory/ToinenTest/login');
    const result = await logIn(main.browser, login, 'demo_u0001');
    expect(result.body).toContain('The result was not saved');
    expect(await results(DEMO_INTEGRATION)).toHaveLength(before);
    expect(await results(OTHER_INTEGRATION)).toHaveLength(0);
  });

  it('another person’s ticket, a replayed ticket and a made-up ticket store nothing', async () => {
    const before = (await results(DEMO_INTEGRATION)).length;
    // The main user's ticket, carried into another main user's browser.
    const login = await start(main);
    const ticket = main.browser.cookie(host, 'passi_portal_test') ?? '';
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    other.browser.setCookie(host, 'passi_portal_test', ticket);
    other.browser.setCookie(host, '__Host-passi_session', '');
    const stolen = await logIn(
      other.browser,
      await other.browser.getFollow(`${t.baseUrl}/test-service/saml/login?flow=MansikkalaTest`),
      'demo_u0001',
    );
    expect(stolen.body).toContain('id="test-login-saved"');
    expect(await results(DEMO_INTEGRATION)).toHaveLength(before);
    // The ticket was taken by that attempt: its owner's login with it stores nothing either.
    const replayed = await logIn(main.browser, login, 'demo_u0001');
    expect(replayed.body).toContain('id="test-login-saved"');
    expect(await results(DEMO_INTEGRATION)).toHaveLength(before);
    // A used ticket again, and a made-up one.
    for (const value of [ticket, 'A'.repeat(43)]) {
      main.browser.setCookie(host, 'passi_portal_test', value);
      main.browser.setCookie(host, '__Host-passi_session', '');
      await logIn(
        main.browser,
        await main.browser.getFollow(`${t.baseUrl}/test-service/saml/login?flow=MansikkalaTest`),
        'demo_u0001',
      );
    }
    expect(await results(DEMO_INTEGRATION)).toHaveLength(before);
    const refusals = await t.services.db
      .selectFrom('portal_audit')
      .select('detail')
      .where('action', '=', 'test-login-refused')
      .execute();
    expect(refusals.map((r) => r.detail?.reason)).toEqual(
      expect.arrayContaining(['integration', 'person', 'ticket']),
    );
  });

  it('a viewer and another organisation’s main user are refused (403, audited, no ticket)', async () => {
    const tickets = async () =>
      (await t.services.db.selectFrom('integration_test_ticket').select('id_hash').execute()).length;
    const before = await tickets();
    const byViewer = await viewer.browser.post(`${t.baseUrl}${startPath(ORG_A, DEMO_INTEGRATION)}`, {
      csrf: viewer.csrf,
    });
    expect(byViewer.status).toBe(403);
    const crossOrg = await main.browser.post(`${t.baseUrl}${startPath(ORG_B, OTHER_INTEGRATION)}`, {
      csrf: main.csrf,
    });
    expect(crossOrg.status).toBe(403);
    const audited = await t.services.db
      .selectFrom('portal_audit')
      .select(['subject', 'actor'])
      .where('action', '=', 'access-refused')
      .execute();
    expect(audited).toContainEqual({ subject: ORG_B, actor: await personId('main@mansikkala.example') });
    expect(audited).toContainEqual({ subject: ORG_A, actor: await personId('viewer@mansikkala.example') });
    // Another organisation's integration under one's own organisation is not found.
    const smuggled = await main.browser.post(`${t.baseUrl}${startPath(ORG_A, OTHER_INTEGRATION)}`, {
      csrf: main.csrf,
    });
    expect(smuggled.status).toBe(404);
    // Without the CSRF token.
    const noCsrf = await main.browser.post(`${t.baseUrl}${startPath(ORG_A, DEMO_INTEGRATION)}`, {});
    expect(noCsrf.status).toBe(403);
    expect(await tickets()).toBe(before);
  });
});
