/**
 * The readiness checklist in Debian's Chromium (docs/portal.md "Readiness checklist"): an education
 * provider's main user signs in, follows the home page's link and chooses a registry with the plain GET
 * form; axe-core finds no WCAG 2.1 A/AA violations in fi, sv or en. With PASSI_SCREENSHOTS=1 the Wilma
 * checklist is saved as docs/portal/readiness-wilma.png.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { totpCode } from './portal-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const MANSIKKALA = '1.2.246.562.99.00000000001';
const REGISTRY = `
organisations:
  - oid: ${MANSIKKALA}
    name: { fi: Mansikkalan testikoulutustoimija, sv: Mansikkala testutbildningsanordnare, en: Mansikkala test education provider }
    roles: [educationProvider]
    personRegistries: [wilma]
`;
const PASSWORD = 'a long readiness passphrase';

describe.skipIf(!chromiumAvailable)('readiness checklist in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp({ registry: REGISTRY }), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('is reached from the home page, lets the person choose a registry, and passes axe in fi, sv and en', async () => {
    const deps = {
      db: t.services.db,
      box: t.services.box,
      clock: t.services.clock,
      mailer: { send: async () => undefined },
      publicUrl: t.baseUrl,
    };
    const email = 'riikka@example.fi';
    const { link } = invitationLinkOf(
      await invitePerson(deps, {
        email,
        organisationId: MANSIKKALA,
        role: 'education-main',
        invitedBy: 'test',
      }),
    );
    const token = new URL(link).searchParams.get('token') ?? '';
    const { totpSecret } = await openInvitation(deps, token);
    const accepted = await acceptInvitation(deps, {
      token,
      displayName: 'Riikka Rehtori',
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

    await page
      .getByRole('link', { name: 'Readiness checklist: what your person registry must hold' })
      .click();
    await page
      .getByRole('heading', { level: 1, name: 'Readiness checklist: person registry data' })
      .waitFor();
    const wilma = page.getByRole('table', { name: 'Fields needed: Wilma' });
    expect(await wilma.getByRole('rowheader').allTextContents()).toContain('first_name');
    expect(await axeViolations(page)).toEqual([]);
    if (process.env.PASSI_SCREENSHOTS === '1')
      await page.screenshot({ path: 'docs/portal/readiness-wilma.png', fullPage: true });

    await page.getByLabel('Person registry').selectOption('entra');
    await page.getByRole('button', { name: 'Show the checklist' }).click();
    const entra = page.getByRole('table', { name: 'Fields needed: Microsoft Entra ID' });
    await entra.waitFor();
    expect(await entra.getByRole('rowheader').allTextContents()).toContain('givenName');
    expect(new URL(page.url()).searchParams.get('registry')).toBe('entra');

    for (const [lang, heading] of [
      ['fi', 'Valmiuslista: henkilörekisterin tiedot'],
      ['sv', 'Checklista: uppgifter i personregistret'],
    ] as const) {
      await page.getByRole('link', { name: lang === 'fi' ? 'Suomi' : 'Svenska' }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await axeViolations(page)).toEqual([]);
    }
  });
});
