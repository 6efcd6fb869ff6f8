/**
 * "Join Passi" end to end in Debian's Chromium (docs/portal.md "Joining"): an applicant fills in the join
 * form, confirms Passi's proposal from the organisation data, verifies the e-mail address with the link
 * read from a real SMTP server; an operator approves in the browser; the contact person accepts the
 * invitation (password + TOTP), signs in and sees the organisation in the main user's role. Also: the
 * form without JavaScript, keyboard only, and axe-core (WCAG 2.1 A/AA) on every page in fi, sv and en.
 * With PASSI_SCREENSHOTS=1 the pages are photographed into docs/portal/.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/core/language.ts';
import { messages } from '../../src/i18n/messages.ts';
import { invitePerson } from '../../src/portal/commands/invite-person.ts';
import { createSmtpMailer } from '../../src/portal/mail/mailer.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { invitationLink, totpCode } from './portal-support.ts';
import { startSmtpInbox } from './smtp-inbox.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const text = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const shot = async (page: Page, name: string) => {
  if (process.env.PASSI_SCREENSHOTS === '1')
    await page.screenshot({ path: `docs/portal/${name}`, fullPage: true });
};
const linkIn = (mail: string, path: string) => {
  const m = new RegExp(`https?://\\S+${path}\\?token=[A-Za-z0-9_-]+`).exec(mail);
  if (!m) throw new Error(`no ${path} link in:\n${mail}`);
  return m[0];
};

interface Applicant {
  kind: 'education' | 'service' | 'both';
  name: string;
  businessId: string;
  email: string;
}

/** Fills the join form the way a person does, by the labels in `lang`. */
async function fillJoinForm(page: Page, a: Applicant, lang: Language = 'en') {
  const t = messages(lang);
  await page.getByLabel(t[`portal.join.kind.${a.kind}`], { exact: true }).check();
  await page.getByLabel(t['portal.join.field.name']).fill(a.name);
  await page.getByLabel(t['portal.join.field.street']).fill('Koulukatu 1');
  await page.getByLabel(t['portal.join.field.postalCode']).fill('00530');
  await page.getByLabel(t['portal.join.field.city']).fill('Helsinki');
  await page.getByLabel(t['portal.join.field.businessId']).fill(a.businessId);
  await page.getByLabel(t['portal.join.field.contactName'], { exact: true }).fill('Kaisa Yhteys');
  await page.getByLabel(t['portal.join.field.contactEmail']).fill(a.email);
  await page.getByLabel(t['portal.join.field.contactPhone']).fill('+358 40 123 4567');
  if (a.kind !== 'service') await page.getByLabel('Wilma').check();
  await page.getByLabel(t['portal.join.field.acceptTerms']).check();
}

describe.skipIf(!chromiumAvailable)('joining Passi in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  const contexts: BrowserContext[] = [];
  let operator: Page;
  let operatorSecret = '';
  const context = async (options: Parameters<Browser['newContext']>[0] = {}) => {
    // bypassCSP only so axe-core can be injected; the pages themselves run no script.
    const c = await browser.newContext({ locale: 'en-GB', bypassCSP: true, ...options });
    contexts.push(c);
    return c;
  };

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    [t, browser] = await Promise.all([createTestApp({ config: { smtpUrl: inbox.url } }), launchChromium()]);
    // The operator sets up the account in the browser, as in portal-chromium.test.ts.
    await invitePerson(
      {
        db: t.services.db,
        box: t.services.box,
        clock: t.services.clock,
        mailer: createSmtpMailer(inbox.url, t.config.mailFrom),
        publicUrl: t.baseUrl,
      },
      { email: 'oona@example.fi', organisationId: 'passi', role: 'operator', invitedBy: 'cli:test' },
    );
    operator = await (await context()).newPage();
    operatorSecret = await setUpAccount(
      operator,
      invitationLink((await inbox.next()).text),
      'Oona Operaattori',
    );
    await signIn(operator, 'oona@example.fi', operatorSecret);
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
    await inbox?.close();
  });

  async function setUpAccount(page: Page, link: string, name: string): Promise<string> {
    await page.goto(`${link}&lang=en`);
    const secret = (await text(page.locator('code.totp-secret'))).replace(/\s+/g, '');
    await page.getByLabel('Your name').fill(name);
    await page.getByLabel('New password', { exact: true }).fill('a long test passphrase');
    await page.getByLabel('New password again').fill('a long test passphrase');
    await page.getByLabel('Code shown by the authenticator app').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Set up the account' }).click();
    await page.getByRole('heading', { name: 'Your account is ready' }).waitFor();
    return secret;
  }

  async function signIn(page: Page, email: string, secret: string) {
    await page.goto(`${t.baseUrl}/portal/sign-in?lang=en`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('a long test passphrase');
    // The set-up used this step's code: the app's next code (RFC 6238 §5.2).
    await page.getByLabel('Verification code').fill(totpCode(secret, 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.baseUrl}/portal/`);
  }

  /** Applicant's side up to the verified e-mail; returns the status page link. */
  async function applyAndVerify(page: Page, a: Applicant, screenshots = false): Promise<string> {
    await page.goto(`${t.baseUrl}/portal/sign-in?lang=en`);
    await page.getByRole('link', { name: 'Join Passi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Join Passi' }).waitFor();
    if (screenshots) await shot(page, 'join-form.png');
    await fillJoinForm(page, a);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check and confirm' }).waitFor();
    if (screenshots) await shot(page, 'join-confirm.png');
    await page.getByRole('button', { name: 'Send the application' }).click();
    await page.getByRole('heading', { level: 1, name: 'Application received' }).waitFor();
    const statusLink =
      (await page.getByRole('link', { name: 'Status of the application' }).getAttribute('href')) ?? '';

    const received = await inbox.next();
    expect(received.to).toEqual([a.email]);
    await page.goto(linkIn(received.text, '/portal/join/verify'));
    await page.getByRole('button', { name: 'Verify the e-mail address' }).click();
    await page.getByRole('heading', { level: 1, name: 'E-mail address verified' }).waitFor();
    expect((await inbox.next()).text).toContain('operaattorin käsiteltävänä');
    return statusLink;
  }

  async function approveInBrowser(name: string, screenshots = false) {
    await operator.goto(`${t.baseUrl}/portal/operator/applications?lang=en`);
    if (screenshots) await shot(operator, 'operator-applications.png');
    await operator.getByRole('link', { name }).click();
    await operator.getByRole('heading', { level: 1, name: `Application: ${name}` }).waitFor();
    if (screenshots) await shot(operator, 'operator-application.png');
    await operator.getByRole('button', { name: 'Approve the application' }).click();
    await operator.getByRole('status').getByText('Application approved').waitFor();
  }

  it('an education provider (Wilma) joins, is approved, and its main user signs in', async () => {
    const applicant = await (await context()).newPage();
    const a: Applicant = {
      kind: 'education',
      name: 'Mustikkalan testikoulutustoimija',
      businessId: '2345678-0',
      email: 'kaisa@mustikkala.example',
    };
    const statusLink = await applyAndVerify(applicant, a, true);
    await applicant.goto(`${statusLink}&lang=en`);
    expect(await text(applicant.locator('.join-status'))).toBe('Current status: E-mail address verified');
    await shot(applicant, 'join-status.png');

    await approveInBrowser(a.name, true);
    const invitation = await inbox.next();
    expect(invitation.to).toEqual([a.email]);
    expect((await inbox.next()).text).toContain('hyväksytty');
    await applicant.goto(`${statusLink}&lang=en`);
    expect(await text(applicant.locator('.join-status'))).toBe('Current status: Approved');

    const main = await (await context()).newPage();
    const secret = await setUpAccount(main, invitationLink(invitation.text), 'Kaisa Yhteys');
    await signIn(main, a.email, secret);
    const who = main.getByRole('region', { name: 'Signed-in user' });
    expect(await text(who.locator('.who-org'))).toBe(a.name);
    expect(await text(who.locator('.who-role'))).toBe('Education provider main user');
  });

  it('a service provider joins (no OPH organisation found: the operator assigns the OID)', async () => {
    const applicant = await (await context()).newPage();
    const a: Applicant = {
      kind: 'service',
      name: 'Oppimisalusta Oy',
      businessId: '7654321-2',
      email: 'palvelu@alusta.example',
    };
    await applyAndVerify(applicant, a);
    await operator.goto(`${t.baseUrl}/portal/operator/applications?lang=en`);
    await operator.getByRole('link', { name: a.name }).click();
    await operator.getByLabel('Organisation OID').fill('1.2.246.562.99.00000000077');
    await operator.getByRole('button', { name: 'Approve the application' }).click();
    await operator.getByRole('status').getByText('Application approved').waitFor();
    const invitation = await inbox.next();
    await inbox.next();
    const main = await (await context()).newPage();
    const secret = await setUpAccount(main, invitationLink(invitation.text), 'Paula Palvelu');
    await signIn(main, a.email, secret);
    const who = main.getByRole('region', { name: 'Signed-in user' });
    expect(await text(who.locator('.who-org'))).toBe(a.name);
    expect(await text(who.locator('.who-role'))).toBe('Service provider main user');
  });

  it('the form works without JavaScript', async () => {
    const page = await (await context({ javaScriptEnabled: false })).newPage();
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
    const page = await (await context()).newPage();
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
      const page = await (await context({ locale: `${lang}-FI` })).newPage();
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
