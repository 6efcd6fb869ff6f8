/**
 * The service pages in Debian's Chromium (docs/portal.md "Services"): a service provider's main user signs
 * in, follows the organisation page's link, creates an OIDC service with the plain form and sees its secret
 * once; the list (also with an error summary), the secret page and the service page pass axe-core's WCAG 2.1
 * A/AA rules in fi, sv and en.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { totpCode } from '../portal/portal-support.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { SERVICE_PROVIDER } from './service-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const PASSWORD = 'a long services passphrase';
const LANGS = ['fi', 'sv', 'en'] as const;

/** The page in each language: the requested `lang`, one h1, and no axe violation. */
async function accessibleInEveryLanguage(page: Page, url: string): Promise<void> {
  for (const lang of LANGS) {
    const u = new URL(url);
    u.searchParams.set('lang', lang);
    await page.goto(u.href);
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await axeViolations(page), `${u.pathname} in ${lang}`).toEqual([]);
  }
}

describe.skipIf(!chromiumAvailable)('service pages in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('creates an OIDC service with the form; every page passes axe in fi, sv and en', async () => {
    const deps = {
      db: t.services.db,
      box: t.services.box,
      clock: t.services.clock,
      mailer: { send: async () => undefined },
      publicUrl: t.baseUrl,
    };
    const email = 'palvelu@example.fi';
    const { link } = invitationLinkOf(
      await invitePerson(deps, {
        email,
        organisationId: SERVICE_PROVIDER,
        role: 'service-main',
        invitedBy: 'test',
      }),
    );
    const token = new URL(link).searchParams.get('token') ?? '';
    const { totpSecret } = await openInvitation(deps, token);
    const accepted = await acceptInvitation(deps, {
      token,
      displayName: 'Paula Palvelu',
      password: PASSWORD,
      passwordAgain: PASSWORD,
      code: totpCode(totpSecret),
    });
    expect(accepted.ok).toBe(true);

    // bypassCSP only so axe-core can be injected; the pages themselves run no script.
    context = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/portal/sign-in?lang=en`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Verification code').fill(totpCode(totpSecret, 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.baseUrl}/portal/`);

    await page.goto(`${t.baseUrl}/portal/organisation/${SERVICE_PROVIDER}?lang=en`);
    await page.getByRole('link', { name: 'Services and service sets' }).click();
    await page.getByRole('heading', { level: 1, name: /^Services/ }).waitFor();
    const listUrl = page.url();
    await accessibleInEveryLanguage(page, listUrl);

    // An error summary linked to the field, in the page's language.
    await page.goto(`${listUrl.split('?')[0]}?lang=en`);
    const saml = page.locator('form', { has: page.getByRole('heading', { name: 'New SAML service' }) });
    await saml.getByLabel('Name in English').fill('Broken');
    await saml.getByLabel('or paste the metadata (XML)').fill('not metadata');
    await saml.getByRole('button', { name: 'Create service' }).click();
    await page
      .getByRole('alert')
      .getByRole('link', { name: 'The metadata is not well-formed XML.' })
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const oidc = page.locator('form', {
      has: page.getByRole('heading', { name: 'New OpenID Connect service' }),
    });
    await oidc.getByLabel('Name in English').fill('Learning material');
    await oidc
      .getByLabel('Redirect URIs, one per line', { exact: true })
      .fill('https://rp.example.org/callback');
    await oidc.getByLabel('Given name').check();
    await oidc.getByRole('button', { name: 'Create service' }).click();
    await page.getByRole('heading', { level: 1, name: 'Client secret' }).waitFor();
    const secret = (await page.locator('#client-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Back to the services' }).click();
    await page.getByRole('heading', { level: 1, name: 'Learning material' }).waitFor();
    expect(await page.content()).not.toContain(secret);
    await accessibleInEveryLanguage(page, page.url());
  });
});
