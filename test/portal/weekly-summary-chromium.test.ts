/**
 * The weekly summary's pages in Debian's Chromium (docs/operations.md "Weekly summary"): the unsubscribe
 * confirmation in fi, sv and en, the refusal of a tampered link and the result, and a main user's switch
 * for the whole organisation, pass axe-core's WCAG 2.1 A/AA rules; the buttons work without JavaScript.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribeLink } from '../../src/ops/summary/unsubscribe-token.ts';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { totpCode } from './portal-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const MANSIKKALA = '1.2.246.562.99.00000000001';

describe.skipIf(!chromiumAvailable)('weekly summary pages in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  const linkFor = (email: string) =>
    unsubscribeLink(t.baseUrl, t.services.unsubscribeSecret, { organisationId: MANSIKKALA, email });
  const optedOut = async () =>
    (await t.services.db.selectFrom('weekly_summary_opt_out').select('email').execute()).map((r) => r.email);

  it('asks, refuses and confirms accessibly in fi, sv and en; the button needs no JavaScript', async () => {
    // bypassCSP only so axe-core can be injected; the pages themselves run no script.
    const axeContext = await browser.newContext({ bypassCSP: true });
    const page = await axeContext.newPage();
    for (const [lang, heading, button] of [
      ['fi', 'Viikkokoosteen tilauksen peruminen', 'Peru tilaus'],
      ['sv', 'Avbeställ veckosammandraget', 'Avbeställ'],
      ['en', 'Unsubscribe from the weekly summary', 'Unsubscribe'],
    ] as const) {
      await page.goto(`${linkFor('it@mansikkala.example.fi')}&lang=${lang}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByRole('button', { name: button }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await axeViolations(page)).toEqual([]);
    }
    expect(await optedOut()).toEqual([]);

    const refused = await page.goto(`${linkFor('it@mansikkala.example.fi').slice(0, -3)}&lang=en`);
    expect(refused?.status()).toBe(400);
    await page.getByRole('alert').filter({ hasText: 'This unsubscribe link is not valid' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${linkFor('it@mansikkala.example.fi')}&lang=en`);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('status').filter({ hasText: 'Unsubscribed.' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await axeContext.close();

    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${linkFor('tuki@mansikkala.example.fi')}&lang=sv`);
    await plain.getByRole('button', { name: 'Avbeställ' }).click();
    await plain.getByRole('status').filter({ hasText: 'Beställningen är avslutad.' }).waitFor();
    await noScript.close();
    expect((await optedOut()).sort()).toEqual(['it@mansikkala.example.fi', 'tuki@mansikkala.example.fi']);
  });

  it('lets a main user switch the summary off without JavaScript, accessibly', async () => {
    const deps = {
      db: t.services.db,
      box: t.services.box,
      clock: t.services.clock,
      mailer: { send: async () => undefined },
      publicUrl: t.baseUrl,
    };
    const email = 'paula@mansikkala.example.fi';
    const password = 'a long weekly summary passphrase';
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
      displayName: 'Paula Pääkäyttäjä',
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
    await page.getByRole('link', { name: 'Weekly summary by e-mail' }).click();
    await page.getByText('The weekly summary is on.').waitFor();
    await page.getByRole('button', { name: 'Switch the weekly summary off' }).click();
    await page.getByRole('status').filter({ hasText: 'The change is saved.' }).waitFor();
    await page.getByText('The weekly summary is switched off for the whole organisation.').waitFor();
    expect(await t.services.db.selectFrom('weekly_summary_off').select('organisation_id').execute()).toEqual([
      { organisation_id: MANSIKKALA },
    ]);
    const url = page.url();
    const cookies = await context.cookies();
    await context.close();

    // The same page, signed in, checked by axe (which needs script) in each language.
    const axeContext = await browser.newContext({ bypassCSP: true });
    await axeContext.addCookies(cookies);
    const axePage = await axeContext.newPage();
    for (const [lang, heading] of [
      ['fi', 'Viikkokooste'],
      ['sv', 'Veckosammandrag'],
      ['en', 'Weekly summary'],
    ] as const) {
      await axePage.goto(`${url.split('?')[0]}?lang=${lang}`);
      await axePage.getByRole('heading', { level: 1, name: new RegExp(`^${heading}:`) }).waitFor();
      expect(await axeViolations(axePage)).toEqual([]);
    }
    await axeContext.close();
  });
});
