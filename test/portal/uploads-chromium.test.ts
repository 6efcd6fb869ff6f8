/**
 * The portal's file uploads in Debian's Chromium through the real forms (docs/portal.md "Logos"): a SAML
 * integration created from a metadata file, its logo uploaded (and a GIF refused at the field), a SAML
 * service created from a metadata file and given a logo; axe-core finds no WCAG 2.1 A/AA violations on the
 * changed pages in fi, sv and en, a refusal shown included.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyAndCertificate } from '../../src/protocols/saml/keys.ts';
import { buildSpMetadata } from '../../src/protocols/saml/sp-metadata.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { type SchoolIdp, startSchoolIdp } from '../upstream-saml/support/school-idp.ts';
import { signedInBrowser } from './portal-support.ts';
import { GIF, png } from './upload-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const ORG = '1.2.246.562.99.00000000001';
const SP = '1.2.246.562.99.00000000079';
const LANGUAGES = ['fi', 'sv', 'en'] as const;

describe.skipIf(!chromiumAvailable)('portal file uploads in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let idp: SchoolIdp;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
    idp = await startSchoolIdp({
      shape: 'generic',
      keyLabel: 'chromium-upload-idp',
      spMetadataUrl: () => `${t.baseUrl}/sp/metadata`,
    });
    await t.services.repo.upsertMany(
      [{ kind: 'organisation', doc: { oid: SP, name: { fi: 'Kuvayhtiö' }, roles: ['serviceProvider'] } }],
      'test',
    );
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
    await idp?.close();
  });

  /** A page signed in as a new person of `organisationId` (the session cookie of a real sign-in). */
  const signedInPage = async (email: string, role: 'education-main' | 'service-main', org: string) => {
    const { browser: client } = await signedInBrowser(t, email, role, org);
    // bypassCSP only so axe-core can be injected; the pages themselves run no script.
    const context = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
    contexts.push(context);
    await context.addCookies([
      {
        name: 'passi_portal',
        value: client.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '',
        url: t.baseUrl,
      },
    ]);
    return context.newPage();
  };
  /** axe on the page in each language, through the page's own language links. */
  const axeInEveryLanguage = async (page: Page, path: string) => {
    for (const lang of LANGUAGES) {
      await page.goto(`${t.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await axeViolations(page), `${path} in ${lang}`).toEqual([]);
    }
  };

  it('an integration from a metadata file, its logo, and a GIF refused at the field', async () => {
    const page = await signedInPage('kuvaaja@example.fi', 'education-main', ORG);
    const metadata = Buffer.from(await (await fetch(idp.metadataUrl)).text(), 'utf8');
    await axeInEveryLanguage(page, `/portal/organisation/${ORG}/integrations/new?type=saml`);
    await page.goto(`${t.baseUrl}/portal/organisation/${ORG}/integrations/new?type=saml&lang=en`);
    await page.locator('input[name="flowName"]').fill('ChromiumUpload');
    await page.locator('input[name="discovery.displayName.en"]').fill('Uploaded school');
    await page
      .getByLabel('or upload the metadata file (XML)')
      .setInputFiles({ name: 'metadata.xml', mimeType: 'application/xml', buffer: metadata });
    await page.locator('form[action*="/integrations/new"] button[type="submit"]').click();
    await page.getByRole('heading', { level: 1, name: 'Integration Uploaded school' }).waitFor();
    expect(await page.locator('body').textContent()).toContain(idp.entityId);
    const integrationPath = new URL(page.url()).pathname;

    await page.getByLabel('New logo (PNG, JPEG or WebP)').setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: png(32, 32, 128),
    });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.getByRole('img', { name: 'Current logo' }).waitFor();
    expect(await page.getByRole('img', { name: 'Current logo' }).getAttribute('src')).toMatch(
      /^\/logos\/[0-9a-f]{64}\.png$/,
    );
    await axeInEveryLanguage(page, integrationPath);

    await page.goto(`${t.baseUrl}${integrationPath}?lang=en`);
    await page
      .getByLabel('New logo (PNG, JPEG or WebP)')
      .setInputFiles({ name: 'logo.gif', mimeType: 'image/gif', buffer: GIF });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.locator('#logo-file-error').waitFor();
    expect(await page.locator('#logo-file-error').textContent()).toContain('GIF images are not accepted');
    expect(await page.getByLabel('New logo (PNG, JPEG or WebP)').getAttribute('aria-describedby')).toContain(
      'logo-file-error',
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a SAML service from a metadata file, and its logo', async () => {
    const page = await signedInPage('kuvapalvelu@example.fi', 'service-main', SP);
    const now = new Date();
    const cert = generateKeyAndCertificate({ type: 'rsa-2048', commonName: 'passi-chromium-sp', now });
    const metadata = buildSpMetadata({
      entityId: 'https://chromium-sp.example.org/saml',
      validUntil: new Date(now.getTime() + 365 * 86_400_000),
      signingCertificatesPem: [cert.certificatePem],
      encryptionCertificatesPem: [],
      assertionConsumerServices: ['https://chromium-sp.example.org/acs'],
    });
    const services = `/portal/organisation/${SP}/services`;
    await axeInEveryLanguage(page, services);
    await page.goto(`${t.baseUrl}${services}?lang=en`);
    const samlForm = page.locator('form:has(input[name="protocol"][value="saml"])');
    await samlForm.locator('#saml-name-fi').fill('Kuvapalvelu');
    await samlForm.getByLabel('or upload the metadata file (XML)').setInputFiles({
      name: 'sp.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(metadata, 'utf8'),
    });
    await samlForm.locator('button[type="submit"]').click();
    await page.getByRole('heading', { level: 1, name: 'Kuvapalvelu' }).waitFor();
    expect(await page.locator('body').textContent()).toContain('https://chromium-sp.example.org/saml');
    const servicePath = new URL(page.url()).pathname;

    await page.getByLabel('New logo (PNG, JPEG or WebP)').setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: png(24, 12, 60),
    });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.getByRole('img', { name: 'Current logo' }).waitFor();
    await axeInEveryLanguage(page, servicePath);
  });
});
