/**
 * An education provider's Wilma journey in Debian's Chromium without JavaScript (docs/portal.md
 * "Integrations", "Test login and production"; docs/integrations/wilma.md): the wizard shows what school IT
 * enters on the Wilma side (the return address), takes the Wilma host name and the shared secret; right
 * after the save "Test login" goes through the fake Wilma on https under exactly that host name (no restart,
 * no wait, no store edits), the attribute test service shows each data-model attribute passed and the
 * integration page the stored result; one service set is allowed; the production copy is created (the host
 * name means https, so nothing blocks it). The wizard and the integration page with results pass axe in
 * fi, sv and en.
 *
 * The fake Wilma (test/support/fakes/fake-wilma.ts) serves https with a certificate made here for the host
 * name. Chromium resolves the name to the fake's port and ignores certificate errors for that certificate's
 * key only (fakeHostArgs); Passi's own request for the user data goes through the test app's
 * `upstreamFetch` (mappedHttpsFetch), which connects to the fake and verifies the certificate.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyAndCertificate } from '../../src/protocols/saml/keys.ts';
import { axeViolations } from '../discovery/chromium.ts';
import {
  CHROMIUM_SKIP_REASON,
  chromiumAvailable,
  fakeHostArgs,
  launchChromium,
} from '../support/chromium.ts';
import { type FakeWilma, startFakeWilma } from '../support/fakes/fake-wilma.ts';
import { mappedHttpsFetch } from '../support/mapped-https-fetch.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { allowFirstServiceSet, resultRows, signInMainUser } from './integration-journey-steps.ts';
import { ORG_A } from './integration-test-support.ts';
import { text } from './journey-steps.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const WILMA_HOST = 'mansikkala.inschool.fi';
const WILMA_SECRET = 'journey-wilma-shared-secret-0123456789';
const LEARNER_ID = '1.2.246.562.98.10000000001';
const integrationsPath = `/portal/organisation/${ORG_A}/integrations`;
const wizardPath = `${integrationsPath}/new?type=wilma`;

describe.skipIf(!chromiumAvailable)('Wilma journey in Chromium: create, test, allow, production', () => {
  let t: TestApp;
  let browser: Browser;
  let wilma: FakeWilma;
  let context: BrowserContext;
  let page: Page;
  let wilmaPath = '';

  beforeAll(async () => {
    const tls = generateKeyAndCertificate({
      type: 'ec-p256',
      commonName: WILMA_HOST,
      dnsNames: [WILMA_HOST],
    });
    wilma = await startFakeWilma(WILMA_SECRET, { hostname: WILMA_HOST, ...tls });
    const reach = { hostname: WILMA_HOST, to: wilma.listening, caPem: tls.certificatePem };
    [t, browser] = await Promise.all([
      createTestApp({ upstreamFetch: mappedHttpsFetch(reach) }),
      launchChromium(fakeHostArgs(WILMA_HOST, wilma.listening, tls.certificatePem)),
    ]);
    wilma.loginAs = 'student-1';
    wilma.users.set('student-1', {
      username: 'MPASSOID.journey1',
      first_name: 'Wilma',
      last_name: 'Oppilas',
      roles: [{ school: '30076', role: 'student', group: '9F', groupLevel: 9 }],
      attributes: [{ name: 'learnerId', value: LEARNER_ID }],
    });
    ({ context, page } = await signInMainUser(t, browser, 'wilma-paakayttaja@mansikkala.example', ORG_A));
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await wilma?.close();
    await t?.close();
  });

  it('a: the wizard shows the return address; saved with host name and secret, Test login at once goes through Wilma on https and every attribute passes', async () => {
    await page.goto(`${t.baseUrl}${wizardPath}&lang=en`);
    const flowName = await page.getByLabel('Authentication source name').inputValue();
    expect(flowName).not.toBe('');
    // What school IT enters in Wilma: the return address (redirectto) for this flow name.
    const returnAddress = await text(
      page.locator('tr').filter({ hasText: 'Return address (redirectto)' }).locator('code'),
    );
    expect(returnAddress).toBe(`${t.baseUrl}/upstream/wilma/${flowName}/callback`);

    await page.getByLabel('Wilma host name (e.g. school.inschool.fi)').fill(WILMA_HOST);
    await page.getByLabel('Shared secret').fill(WILMA_SECRET);
    await page.getByRole('button', { name: 'Save and check' }).click();
    await page.getByText('The integration was saved.').waitFor();
    wilmaPath = new URL(page.url()).pathname;
    expect(wilmaPath).toMatch(new RegExp(`^${integrationsPath}/\\d{7}$`));
    await page.getByText('The integration has no test logins yet.').waitFor();

    // No restart, no wait, no store edits: the integration as saved logs in at once.
    await page.getByRole('button', { name: 'Test login' }).click();
    await page.waitForURL(`${t.baseUrl}/**`);
    if (!page.url().includes('/test-service/saml/acs'))
      await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${t.baseUrl}/test-service/saml/acs`);

    // Wilma was reached at https://<the host name typed>, signed with the secret, sending the browser back
    // to the return address the wizard showed; Passi's user-data request was signed too.
    expect(wilma.seen.logins).toHaveLength(1);
    expect(wilma.seen.logins[0]?.signatureOk).toBe(true);
    expect(wilma.seen.logins[0]?.redirectto?.startsWith(`${returnAddress}?nonce=`)).toBe(true);
    expect(wilma.seen.fetches).toEqual([{ username: 'student-1', signatureOk: true }]);

    expect(await text(page.locator('body'))).toContain(
      'The result was saved with the integration: the test passed.',
    );
    const status = (attribute: string) =>
      page.locator(`#released tr[data-attribute="${attribute}"] td[data-status]`).getAttribute('data-status');
    for (const attribute of [
      'firstName',
      'surname',
      'learnerId',
      'schoolCode',
      'role',
      'class',
      'classLevel',
    ])
      expect({ attribute, status: await status(attribute) }).toEqual({ attribute, status: 'ok' });
    expect(await page.locator('#released td[data-status="error"]').count()).toBe(0);
    expect(await text(page.locator('#released tr[data-attribute="learnerId"]'))).toContain(LEARNER_ID);

    await page.getByRole('link', { name: 'Back to the integration’s page' }).click();
    await page.waitForURL(`${t.baseUrl}${wilmaPath}`);
    const rows = await resultRows(page);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Passed');
  });

  it('b: allows one service set in the edit form, and the change is saved', async () => {
    await allowFirstServiceSet(t, page, wilmaPath);
  });

  it('c: creates the production integration: Wilma at https://<host name>, the allowed set kept', async () => {
    await page.goto(`${t.baseUrl}${wilmaPath}?lang=en`);
    await page.getByLabel('Flow name of the production integration').fill('MansikkalaWilmaProd');
    await page.getByRole('button', { name: 'Create production integration' }).click();
    const created = page.locator('#production-created');
    await created.waitFor();
    expect(await text(created)).toMatch(
      /The production integration \d{7} \(MansikkalaWilmaProd\) was created/,
    );
    const copy = (await t.services.repo.list('integration')).find(
      (i) => i.doc.flowName === 'MansikkalaWilmaProd',
    );
    expect(copy?.doc.deploymentPhase).toBe('production');
    expect(copy?.doc.settings).toEqual({ kind: 'wilma', hostname: WILMA_HOST });
    expect(copy?.doc.allowedServices?.length).toBe(1);
  });

  it('the Wilma wizard and the integration page with results pass axe in fi, sv and en', async () => {
    // bypassCSP only so axe-core can be injected; the pages themselves run no script.
    const axeContext = await browser.newContext({
      storageState: await context.storageState(),
      bypassCSP: true,
    });
    const p = await axeContext.newPage();
    for (const lang of ['fi', 'sv', 'en'] as const) {
      for (const [path, ready] of [
        [`${wizardPath}&lang=${lang}`, 'input[name="settings.hostname"]'],
        [`${wilmaPath}?lang=${lang}`, '#test-login-results'],
      ] as const) {
        await p.goto(`${t.baseUrl}${path}`);
        await p.locator(ready).waitFor();
        expect(await p.locator('html').getAttribute('lang')).toBe(lang);
        expect(await p.locator('h1').count()).toBe(1);
        expect({ path, violations: await axeViolations(p) }).toEqual({ path, violations: [] });
      }
    }
    await axeContext.close();
  });
});
