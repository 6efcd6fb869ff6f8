/**
 * An education provider's integration journey in Debian's Chromium without JavaScript (docs/portal.md
 * "Integrations", "Test login and production"): the main user creates a SAML integration from a school
 * IdP's metadata address, tests it right after the save from the integration page (logging in at the IdP
 * running in this process), sees the data-model results in the attribute test service and the stored
 * result back on the integration page; allows one service set; is refused the production copy while the
 * settings have an http address, switches to uploaded metadata XML and creates it; and does the same for
 * Wilma against a fake Wilma. The integration page with results passes axe in fi, sv and en.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import { buildIdpMetadata } from '../../src/protocols/saml/idp-metadata.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { type FakeWilma, startFakeWilma } from '../support/fakes/fake-wilma.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { type SchoolIdp, startSchoolIdp } from '../upstream-saml/support/school-idp.ts';
import { ORG_A } from './integration-test-support.ts';
import { shot, text } from './journey-steps.ts';
import { totpCode } from './portal-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const WILMA_SECRET = 'journey-wilma-shared-secret-0123456789';
const integrationsPath = `/portal/organisation/${ORG_A}/integrations`;

describe.skipIf(!chromiumAvailable)(
  'integration journey in Chromium: create, test, allow, production',
  () => {
    let t: TestApp;
    let browser: Browser;
    let idp: SchoolIdp;
    let wilma: FakeWilma;
    let context: BrowserContext;
    let page: Page;
    let samlPath = '';

    beforeAll(async () => {
      [t, browser, wilma] = await Promise.all([
        createTestApp(),
        launchChromium(),
        startFakeWilma(WILMA_SECRET),
      ]);
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
      ({ context, page } = await signIn('paakayttaja@mansikkala.example'));
    }, 120_000);
    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await idp?.close();
      await wilma?.close();
      await t?.close();
    });

    /** A main user of ORG_A with an authenticator app, signed in in a fresh Chromium context. */
    async function signIn(email: string) {
      const deps = {
        db: t.services.db,
        box: t.services.box,
        clock: t.services.clock,
        mailer: { send: async () => undefined },
        publicUrl: t.baseUrl,
      };
      const password = 'a long integration journey passphrase';
      const { link } = invitationLinkOf(
        await invitePerson(deps, { email, organisationId: ORG_A, role: 'education-main', invitedBy: 'test' }),
      );
      const token = new URL(link).searchParams.get('token') ?? '';
      const { totpSecret } = await openInvitation(deps, token);
      const accepted = await acceptInvitation(deps, {
        token,
        displayName: 'Pää Käyttäjä',
        password,
        passwordAgain: password,
        code: totpCode(totpSecret),
      });
      expect(accepted.ok).toBe(true);
      const ctx = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false });
      const p = await ctx.newPage();
      await p.goto(`${t.baseUrl}/portal/sign-in?lang=en`);
      await p.getByLabel('E-mail address').fill(email);
      await p.getByLabel('Password', { exact: true }).fill(password);
      await p.getByLabel('Verification code').fill(totpCode(totpSecret, 1));
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.waitForURL(`${t.baseUrl}/portal/`);
      return { context: ctx, page: p };
    }

    /** The integration page's edit form (the page has the test login and production forms too). */
    const editForm = () => page.locator('form').filter({ has: page.locator('input[name="revision"]') });

    /** The results table's rows as text, newest first. */
    const resultRows = async () => {
      const rows = page.locator('#test-login-results tbody tr');
      const out: string[] = [];
      for (let i = 0; i < (await rows.count()); i++) out.push(await text(rows.nth(i)));
      return out;
    };

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
      const rows = await resultRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('Passed');
      expect(rows[0]).toContain('SAML');
      await shot(page, 'integration-test-login.png');
    });

    it('b: allows one service set in the edit form, and the change is saved', async () => {
      await page.goto(`${t.baseUrl}${samlPath}?lang=en`);
      const form = editForm();
      await form.getByLabel('Only the chosen service sets').check();
      const first = form.locator('input[name="allowedServices"]').first();
      const setId = (await first.getAttribute('value')) ?? '';
      expect(setId).not.toBe('');
      await first.check();
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByText('The integration was saved.').waitFor();
      const id = samlPath.split('/').at(-1) ?? '';
      expect((await t.services.repo.find('integration', id))?.doc.allowedServices).toEqual([setId]);
      expect(await editForm().locator(`input[name="allowedServices"][value="${setId}"]`).isChecked()).toBe(
        true,
      );
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
      const form = editForm();
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

    it('d: creates a Wilma integration in the wizard and tests it through the fake Wilma; the page shows it passed', async () => {
      wilma.loginAs = 'student-1';
      wilma.users.set('student-1', {
        username: 'MPASSOID.journey1',
        first_name: 'Wilma',
        last_name: 'Oppilas',
        roles: [{ school: '30076', role: 'student', group: '9F', groupLevel: 9 }],
        attributes: [{ name: 'learnerId', value: '1.2.246.562.98.10000000001' }],
      });
      await page.goto(`${t.baseUrl}${integrationsPath}/new?type=wilma&lang=en`);
      await page.getByLabel('Wilma host name (e.g. school.inschool.fi)').fill('mansikkala.inschool.fi');
      await page.getByLabel('Shared secret').fill(WILMA_SECRET);
      await page.getByRole('button', { name: 'Save and check' }).click();
      await page.getByText('The integration was saved.').waitFor();
      const wilmaPath = new URL(page.url()).pathname;
      const id = wilmaPath.split('/').at(-1) ?? '';
      // The wizard asks for the host name only (Wilma is always https); this test's fake Wilma is on a
      // local http port, which the registry's `baseUrl` setting (not a portal field) points logins to.
      const stored = await t.services.repo.find('integration', id);
      if (stored?.doc.settings.kind !== 'wilma') throw new Error('no Wilma integration saved');
      await t.services.repo.upsertMany(
        [
          {
            kind: 'integration',
            doc: { ...stored.doc, settings: { ...stored.doc.settings, baseUrl: wilma.baseUrl } },
            expectedRevision: stored.revision,
          },
        ],
        'test',
      );
      await page.goto(`${t.baseUrl}${wilmaPath}?lang=en`);
      await page.getByRole('button', { name: 'Test login' }).click();
      await page.waitForURL(`${t.baseUrl}/**`);
      if (!page.url().includes('/test-service/saml/acs'))
        await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${t.baseUrl}/test-service/saml/acs`);
      const result = await text(page.locator('body'));
      expect(result).toContain('The result was saved with the integration: the test passed.');
      expect(result).toContain('1.2.246.562.98.10000000001');
      expect(wilma.seen.logins.at(-1)?.signatureOk).toBe(true);
      await page.getByRole('link', { name: 'Back to the integration’s page' }).click();
      await page.waitForURL(`${t.baseUrl}${wilmaPath}`);
      const rows = await resultRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('Passed');
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
