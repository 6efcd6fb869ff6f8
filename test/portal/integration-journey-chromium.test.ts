/**
 * An education provider's integration journey in Debian's Chromium without JavaScript (docs/portal.md
 * "Integrations", "Test login and production"): the main user creates a SAML integration from a school
 * IdP's metadata address, tests it right after the save from the integration page (logging in at the IdP
 * running in this process), sees the data-model results in the attribute test service and the stored
 * result back on the integration page; allows one service set; is refused the production copy while the
 * settings have an http address, switches to uploaded metadata XML and creates it. The integration page with
 * results passes axe in fi, sv and en. The same journey for Wilma: wilma-journey-chromium.test.ts.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdpMetadata } from '../../src/protocols/saml/idp-metadata.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { type SchoolIdp, startSchoolIdp } from '../upstream-saml/support/school-idp.ts';
import { allowFirstServiceSet, editForm, resultRows, signInMainUser } from './integration-journey-steps.ts';
import { ORG_A } from './integration-test-support.ts';
import { shot, text } from './journey-steps.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const integrationsPath = `/portal/organisation/${ORG_A}/integrations`;

describe.skipIf(!chromiumAvailable)(
  'integration journey in Chromium: create, test, allow, production',
  () => {
    let t: TestApp;
    let browser: Browser;
    let idp: SchoolIdp;
    let context: BrowserContext;
    let page: Page;
    let samlPath = '';

    beforeAll(async () => {
      [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
      idp = await startSchoolIdp({
        shape: 'generic',
        keyLabel: 'journey-school-idp',
        spMetadataUrl: () => `${t.baseUrl}/sp/metadata`,
        user: {
          nameId: 'oppilas-1',
          attributes: {
            mpassUserIdentity: ['journey-oppilas-1'],
            firstName: ['Oona'],
            surname: ['Oppilas'],
            learnerId: ['1.2.246.562.98.10000000001'],
            schoolCode: ['30076'],
            userRole: ['Oppilas'],
          },
        },
      });
      ({ context, page } = await signInMainUser(t, browser, 'paakayttaja@mansikkala.example', ORG_A));
    }, 120_000);
    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await idp?.close();
      await t?.close();
    });

    it('a: creates a SAML integration from the IdP’s metadata address and tests it right after the save; the page shows it passed', async () => {
      await page.goto(`${t.baseUrl}${integrationsPath}/new?type=saml&lang=en`);
      await page.getByLabel('Authentication source name').fill('MansikkalaJourney');
      await page.getByLabel('Metadata address (URL)').fill(idp.metadataUrl);
      await page.getByRole('button', { name: 'Save and check' }).click();
      await page.getByText('The integration was saved.').waitFor();
      samlPath = new URL(page.url()).pathname;
      expect(samlPath).toMatch(new RegExp(`^${integrationsPath}/\\d{7}$`));
      expect(await text(page.locator('main'))).toContain(idp.entityId);
      await page.getByText('The integration has no test logins yet.').waitFor();

      // No restart, no wait: the saved integration logs in at once.
      await page.getByRole('button', { name: 'Test login' }).click();
      await page.waitForURL((u) => u.href.startsWith(idp.baseUrl));
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${t.baseUrl}/**`);
      if (!page.url().includes('/test-service/saml/acs'))
        await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${t.baseUrl}/test-service/saml/acs`);
      const result = await text(page.locator('body'));
      expect(result).toContain('The result was saved with the integration: the test passed.');
      // The data model as the service received it.
      expect(result).toContain('1.2.246.562.98.10000000001');
      expect(result).toContain('Oona');
      await page.getByRole('link', { name: 'Back to the integration’s page' }).click();
      await page.waitForURL(`${t.baseUrl}${samlPath}`);
      const rows = await resultRows(page);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('Passed');
      expect(rows[0]).toContain('SAML');
      await shot(page, 'integration-test-login.png');
    });

    it('b: allows one service set in the edit form, and the change is saved', async () => {
      await allowFirstServiceSet(t, page, samlPath);
    });

    it('c: the production copy is refused while the metadata address is http (message shown); with uploaded https metadata XML it is created', async () => {
      await page.goto(`${t.baseUrl}${samlPath}?lang=en`);
      await page.getByLabel('Flow name of the production integration').fill('MansikkalaJourneyProd');
      await page.getByRole('button', { name: 'Create production integration' }).click();
      const refusal = page
        .getByRole('alert')
        .filter({ hasText: 'The production integration was not created' });
      await refusal.waitFor();
      expect(await text(refusal)).toContain('metadataUrl');
      expect(await text(refusal)).toMatch(/https/);
      // The refusal is answered on a page of the two sections; its link leads back to the integration page.
      await page.getByRole('link', { name: 'Back to the integration’s page' }).click();
      await page.waitForURL(`${t.baseUrl}${samlPath}`);

      // School IT's metadata as a file, its endpoints on https: no http address is left in the settings.
      const httpsXml = buildIdpMetadata(
        {
          entityId: 'https://idp.mansikkala.example/idp',
          validUntil: new Date(Date.now() + 7 * 86_400_000),
          signingCertificatesPem: [idp.credential.certificatePem],
          ssoRedirectUrl: 'https://idp.mansikkala.example/sso',
          ssoPostUrl: 'https://idp.mansikkala.example/sso',
          displayName: { en: 'Mansikkala IdP' },
        },
        idp.credential,
      );
      const form = editForm(page);
      await form.getByLabel('Metadata address (URL)').fill('');
      await form.locator('textarea[name="settings.metadataXml"]').fill(httpsXml);
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByText('The integration was saved.').waitFor();
      await page.getByLabel('Flow name of the production integration').fill('MansikkalaJourneyProd');
      await page.getByRole('button', { name: 'Create production integration' }).click();
      const created = page.locator('#production-created');
      await created.waitFor();
      expect(page.url()).toContain(samlPath);
      expect(await text(created)).toMatch(
        /The production integration \d{7} \(MansikkalaJourneyProd\) was created/,
      );
      const copy = (await t.services.repo.list('integration')).find(
        (i) => i.doc.flowName === 'MansikkalaJourneyProd',
      );
      expect(copy?.doc.deploymentPhase).toBe('production');
      expect(copy?.doc.allowedServices?.length).toBe(1);
    });

    it('the integration page with test results passes axe in fi, sv and en', async () => {
      const axeContext = await browser.newContext({
        storageState: await context.storageState(),
        bypassCSP: true,
      });
      const p = await axeContext.newPage();
      for (const lang of ['fi', 'sv', 'en'] as const) {
        await p.goto(`${t.baseUrl}${samlPath}?lang=${lang}`);
        await p.locator('#test-login-results').waitFor();
        expect(await p.locator('html').getAttribute('lang')).toBe(lang);
        expect(await p.locator('h1').count()).toBe(1);
        expect(await axeViolations(p)).toEqual([]);
      }
      await axeContext.close();
    });
  },
);
