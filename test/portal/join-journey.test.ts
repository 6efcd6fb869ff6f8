/**
 * The join form in Debian's Chromium (docs/portal.md "Joining"): without JavaScript, keyboard only, and
 * axe-core (WCAG 2.1 A/AA) on every join and operator page in fi, sv and en. The whole journey from the
 * form to a viewer who can change nothing is whole-journey-chromium.test.ts.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/i18n/messages.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { type Applicant, fillJoinForm, journeySteps, linkIn } from './journey-steps.ts';
import { startSmtpInbox } from './smtp-inbox.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

describe.skipIf(!chromiumAvailable)('joining Passi in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let steps: ReturnType<typeof journeySteps>;
  let operator: Page;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    [t, browser] = await Promise.all([createTestApp({ config: { smtpUrl: inbox.url } }), launchChromium()]);
    steps = journeySteps(t, inbox, browser);
    operator = await steps.signedInOperator();
  }, 120_000);
  afterAll(async () => {
    await steps?.closeAll();
    await browser?.close();
    await t?.close();
    await inbox?.close();
  });

  it('the form works without JavaScript', async () => {
    const page = await steps.newPage({ javaScriptEnabled: false });
    await page.goto(`${t.baseUrl}/portal/join?lang=en`);
    await page.getByRole('button', { name: 'Continue' }).click();
    // Nothing valid yet: the error summary links to the fields, nothing is stored.
    await page.getByRole('heading', { name: 'Please correct the following:' }).waitFor();
    await fillJoinForm(page, {
      kind: 'both',
      name: 'Ei Skriptiä Oy',
      businessId: '0920632-0',
      email: 'nojs@example.fi',
    });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Send the application' }).click();
    await page.getByRole('heading', { level: 1, name: 'Application received' }).waitFor();
    expect(linkIn((await inbox.next()).text, '/portal/join/verify')).toContain('/portal/join/verify');
  });

  it('the form can be completed with the keyboard only', async () => {
    const page = await steps.newPage();
    await page.goto(`${t.baseUrl}/portal/join?lang=en`);
    const tabTo = async (matches: string) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const here = await page.evaluate(
          () => `${document.activeElement?.id ?? ''}|${document.activeElement?.textContent?.trim() ?? ''}`,
        );
        if (here.startsWith(`${matches}|`) || here.endsWith(`|${matches}`)) return;
      }
      throw new Error(`Tab never reached ${matches}`);
    };
    const type = async (id: string, value: string) => {
      await tabTo(id);
      await page.keyboard.type(value);
    };
    await tabTo('kind-education');
    await page.keyboard.press('Space');
    await type('name', 'Näppäimistön koulutuskuntayhtymä');
    await type('street', 'Koulukatu 2');
    await type('postalCode', '00530');
    await type('city', 'Helsinki');
    await type('businessId', '1234567-1');
    await tabTo('registry-wilma');
    await page.keyboard.press('Space');
    await type('contactName', 'Kalle Näppäin');
    await type('contactEmail', 'keys@example.fi');
    await type('contactPhone', '040 123 4567');
    await tabTo('acceptTerms');
    await page.keyboard.press('Space');
    await tabTo('Continue');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Check and confirm' }).waitFor();
    await tabTo('Send the application');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Application received' }).waitFor();
    await inbox.next();
  });

  it('axe-core finds no violations on the join pages and the operator pages in fi, sv and en', async () => {
    const applicant: Applicant = {
      kind: 'education',
      name: 'Mustikkalan testikoulutustoimija',
      businessId: '0920632-0',
      email: 'axe@example.fi',
    };
    const bad: string[] = [];
    const check = async (page: Page, what: string) => {
      for (const v of await axeViolations(page)) bad.push(`${what}: ${JSON.stringify(v)}`);
    };
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const page = await steps.newPage({ locale: `${lang}-FI` });
      await page.goto(`${t.baseUrl}/portal/join?lang=${lang}`);
      await check(page, `${lang} form`);
      await page.getByRole('button', { name: messages(lang)['portal.join.next'] }).click();
      await check(page, `${lang} form with errors`);
      await fillJoinForm(page, applicant, lang);
      await page.getByRole('button', { name: messages(lang)['portal.join.next'] }).click();
      await page
        .getByRole('heading', { level: 1, name: messages(lang)['portal.join.confirm.title'] })
        .waitFor();
      await check(page, `${lang} confirm`);
      await page.getByRole('button', { name: messages(lang)['portal.join.confirm.send'] }).click();
      await check(page, `${lang} sent`);
      const statusLink = (await page.locator('main a').first().getAttribute('href')) ?? '';
      const verify = linkIn((await inbox.next()).text, '/portal/join/verify');
      await page.goto(`${verify}&lang=${lang}`);
      await check(page, `${lang} verify`);
      await page.getByRole('button', { name: messages(lang)['portal.join.verify.button'] }).click();
      await inbox.next();
      await page.goto(`${statusLink}&lang=${lang}`);
      await check(page, `${lang} status`);
      await page.goto(`${verify}&lang=${lang}`);
      await check(page, `${lang} used link`);

      await operator.goto(`${t.baseUrl}/portal/operator/applications?lang=${lang}`);
      await check(operator, `${lang} applications`);
      await operator.locator('tbody a').first().click();
      await check(operator, `${lang} application`);
      await operator.goto(`${t.baseUrl}/portal/operator/terms?lang=${lang}`);
      await check(operator, `${lang} terms`);
    }
    expect(bad).toEqual([]);
  });
});
