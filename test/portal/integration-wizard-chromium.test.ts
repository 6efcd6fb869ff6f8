/**
 * The integration wizard in Debian's Chromium, by keyboard only (docs/portal.md "Integrations"): an
 * education provider's main user creates a SAML integration from the metadata address of a school IdP
 * served in this process, then a Wilma integration against the fake Wilma, correcting an error the
 * summary links to; axe-core finds no WCAG 2.1 A/AA violations on the new pages in fi, sv and en.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { type FakeWilma, startFakeWilma } from '../support/fakes/fake-wilma.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { type SchoolIdp, startSchoolIdp } from '../upstream-saml/support/school-idp.ts';
import { totpCode } from './portal-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const ORG = '1.2.246.562.99.00000000001';
const PASSWORD = 'a long integration passphrase';
const WILMA_SECRET = 'wilma-shared-secret-for-chromium-0123';

/** What the test needs to know of the focused element. */
interface Focused {
  tag: string;
  name: string | null;
  text: string | null;
  href: string | null;
  inIntegrationForm: boolean;
}

/** Moves the focus with Tab alone until `matches` holds for the focused element (at most 300 presses). */
async function tabTo(page: Page, what: string, matches: (el: Focused) => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((): Focused => {
      const el = document.activeElement;
      return {
        tag: el?.tagName ?? '',
        name: el?.getAttribute('name') ?? null,
        text: el?.textContent ?? null,
        href: el?.getAttribute('href') ?? null,
        inIntegrationForm: (el?.closest('form')?.getAttribute('action') ?? '').includes('/integrations/'),
      };
    });
    if (matches(focused)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}
const fieldNamed = (name: string) => (el: Focused) => el.name === name;
const typeInto = async (page: Page, name: string, value: string) => {
  await tabTo(page, name, fieldNamed(name));
  await page.keyboard.press('Control+A');
  await page.keyboard.type(value);
};
const submitButton = (el: Focused) => el.tag === 'BUTTON' && el.inIntegrationForm;

describe.skipIf(!chromiumAvailable)('integration wizard in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let idp: SchoolIdp;
  let wilma: FakeWilma;
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
    idp = await startSchoolIdp({
      shape: 'generic',
      keyLabel: 'chromium-wizard-idp',
      spMetadataUrl: () => `${t.baseUrl}/sp/metadata`,
    });
    wilma = await startFakeWilma(WILMA_SECRET);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
    await idp?.close();
    await wilma?.close();
  });

  it('a main user creates a SAML and a Wilma integration with the keyboard; the pages pass axe in fi, sv and en', async () => {
    const deps = {
      db: t.services.db,
      box: t.services.box,
      clock: t.services.clock,
      mailer: { send: async () => undefined },
      publicUrl: t.baseUrl,
    };
    const email = 'integroija@example.fi';
    const { link } = invitationLinkOf(
      await invitePerson(deps, { email, organisationId: ORG, role: 'education-main', invitedBy: 'test' }),
    );
    const token = new URL(link).searchParams.get('token') ?? '';
    const { totpSecret } = await openInvitation(deps, token);
    const accepted = await acceptInvitation(deps, {
      token,
      displayName: 'Iida Integroija',
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

    await page.goto(`${t.baseUrl}/portal/organisation/${ORG}?lang=en`);
    await tabTo(page, 'the integrations link', (el) => el.text === 'Integrations');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Integrations/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // SAML from the school IdP's metadata address.
    await tabTo(page, 'the SAML type', (el) => el.text === 'Other SAML 2.0 identity provider');
    await page.keyboard.press('Enter');
    await page
      .getByRole('heading', { level: 1, name: 'New integration: Other SAML 2.0 identity provider' })
      .waitFor();
    expect(await page.getByRole('cell', { name: `${t.baseUrl}/sp`, exact: true }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await typeInto(page, 'flowName', 'ChromiumSaml');
    await typeInto(page, 'settings.metadataUrl', idp.metadataUrl);
    await typeInto(page, 'discovery.displayName.en', 'Chromium school');
    await tabTo(page, 'the save button', submitButton);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Integration Chromium school' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('The integration was saved.');
    expect(await page.locator('main, body').first().textContent()).toContain(idp.entityId);
    expect(await axeViolations(page)).toEqual([]);

    // Wilma against the fake Wilma: a wrong host name first, corrected through the error summary's link.
    await page.goto(`${t.baseUrl}/portal/organisation/${ORG}/integrations/new?type=wilma&lang=en`);
    await typeInto(page, 'flowName', 'ChromiumWilma');
    await typeInto(page, 'settings.hostname', 'https://wilma.example.fi/');
    await typeInto(page, 'secrets.sharedSecret', WILMA_SECRET);
    await typeInto(page, 'settings.baseUrl', wilma.baseUrl);
    await tabTo(page, 'the save button', submitButton);
    await page.keyboard.press('Enter');
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Give only the host name');
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, 'the summary link', (el) => el.href === '#f-settings-hostname');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('settings.hostname');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('wilma.example.fi');
    // A secret is never sent back to the browser: it is given again.
    await typeInto(page, 'secrets.sharedSecret', WILMA_SECRET);
    await tabTo(page, 'the save button', submitButton);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Integration ChromiumWilma' }).waitFor();

    // Both work at once: the SAML login reaches the IdP, the Wilma login reaches Wilma signed with the secret.
    const samlLogin = await new BrowserlessClient().getFollow(
      `${t.baseUrl}/test-service/saml/login?lang=en&flow=ChromiumSaml`,
    );
    expect(samlLogin.url.startsWith(idp.baseUrl)).toBe(true);
    await new BrowserlessClient().getFollow(
      `${t.baseUrl}/test-service/saml/login?lang=en&flow=ChromiumWilma`,
    );
    expect(wilma.seen.logins.at(-1)?.signatureOk).toBe(true);

    for (const [lang, name] of [
      ['fi', 'Suomi'],
      ['sv', 'Svenska'],
    ] as const) {
      for (const path of ['integrations', 'integrations/new?type=adfs']) {
        await page.goto(`${t.baseUrl}/portal/organisation/${ORG}/${path}`);
        await page.getByRole('link', { name }).click();
        await page.getByRole('heading', { level: 1 }).waitFor();
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await axeViolations(page)).toEqual([]);
      }
    }
  });
});
