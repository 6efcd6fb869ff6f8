/**
 * "Test the connection" and "Going to production" in Debian's Chromium (docs/portal.md "Test login and
 * production"): without JavaScript a main user starts a test login from the integration's page, logs in at
 * the test directory, sees on the test service's result page that the result was saved, follows the link
 * back and sees it listed; the page (with results, and with the production refusal's error summary) passes
 * axe-core's WCAG 2.1 A/AA rules in fi, sv and en, and so does the operators' approval list.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO_INTEGRATION, ORG_A } from './integration-test-support.ts';
import { totpCode } from './portal-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

describe.skipIf(!chromiumAvailable)('integration test login and production pages in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([
      createTestApp({ config: { productionIntegrationsNeedApproval: 'true' } }),
      launchChromium(),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** An account in `role`, signed in in a fresh Chromium context; its cookies for the axe context. */
  async function signIn(email: string, role: 'education-main' | 'operator', organisationId: string) {
    const deps = {
      db: t.services.db,
      box: t.services.box,
      clock: t.services.clock,
      mailer: { send: async () => undefined },
      publicUrl: t.baseUrl,
    };
    const password = 'a long integration test passphrase';
    const { link } = invitationLinkOf(
      await invitePerson(deps, { email, organisationId, role, invitedBy: 'test' }),
    );
    const token = new URL(link).searchParams.get('token') ?? '';
    const { totpSecret } = await openInvitation(deps, token);
    const accepted = await acceptInvitation(deps, {
      token,
      displayName: email,
      password,
      passwordAgain: password,
      code: totpCode(totpSecret),
    });
    expect(accepted.ok).toBe(true);
    const context = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/portal/sign-in?lang=en`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Verification code').fill(totpCode(totpSecret, 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.baseUrl}/portal/`);
    return { context, page };
  }

  async function axeInEachLanguage(
    cookies: Parameters<Browser['newContext']>[0],
    path: string,
    headings: string[],
  ) {
    const axeContext = await browser.newContext({ ...cookies, bypassCSP: true });
    const page = await axeContext.newPage();
    for (const [i, lang] of (['fi', 'sv', 'en'] as const).entries()) {
      await page.goto(`${t.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      await page.getByRole('heading', { level: 1, name: new RegExp(`^${headings[i]}`) }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await axeViolations(page)).toEqual([]);
    }
    await axeContext.close();
  }

  it('tests the connection without JavaScript, saves the result, and the pages pass axe in fi, sv and en', async () => {
    const { context, page } = await signIn('main@mansikkala.example', 'education-main', ORG_A);
    // The test login and production sections are on the integration page.
    const testPath = `/portal/organisation/${ORG_A}/integrations/${DEMO_INTEGRATION}`;
    await page.goto(`${t.baseUrl}${testPath}?lang=en`);
    await page.getByText('The integration has no test logins yet.').waitFor();
    await page.getByRole('button', { name: 'Test login' }).click();
    await page.getByLabel('Username').fill('demo_u0001');
    await page.getByLabel('Password').fill('demo_u0001pwd');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${t.baseUrl}/test-service/saml/acs`);
    await page.getByText('The result was saved with the integration: the test passed.').waitFor();
    await page.getByRole('link', { name: 'Back to the integration’s page' }).click();
    await page.waitForURL(`${t.baseUrl}${testPath}`);
    const row = page.locator('#test-login-results tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('Passed');
    // The test directory is for test only: the production copy is refused with the schema's reason.
    await page.getByRole('button', { name: 'Create production integration' }).click();
    await page.getByRole('alert').filter({ hasText: 'The production integration was not created' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('test-directory');
    const cookies = { storageState: await context.storageState() };
    await context.close();

    await axeInEachLanguage(cookies, testPath, ['Integraatio', 'Integration', 'Integration']);
  });

  it('the operators’ approval list passes axe in fi, sv and en', async () => {
    const { context } = await signIn('op@passi.example', 'operator', 'passi');
    const cookies = { storageState: await context.storageState() };
    await context.close();
    await axeInEachLanguage(cookies, '/portal/operator/production-integrations', [
      'Hyväksyntää odottavat tuotantointegraatiot',
      'Produktionsintegrationer som väntar på godkännande',
      'Production integrations waiting for approval',
    ]);
  });
});
