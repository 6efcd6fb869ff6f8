/**
 * The steps of the portal's joining journey as a person takes them in Chromium (docs/portal.md
 * "Joining"): fill in the join form by its labels, confirm, verify the e-mail address from the link a
 * real SMTP server received, approve as the operator, set up an account with TOTP or a passkey (a
 * virtual authenticator over the Chrome DevTools Protocol's WebAuthn domain), sign in. Shared by the
 * journey tests so each of them reads as the journey it checks.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Language } from '../../src/core/language.ts';
import { messages } from '../../src/i18n/messages.ts';
import { invitePerson } from '../../src/portal/commands/invite-person.ts';
import { createSmtpMailer } from '../../src/portal/mail/mailer.ts';
import type { TestApp } from '../support/test-app.ts';
import { invitationLink, totpCode } from './portal-support.ts';
import type { startSmtpInbox } from './smtp-inbox.ts';

export const JOURNEY_PASSWORD = 'a long test passphrase';

export const text = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** With PASSI_SCREENSHOTS=1 the page is photographed into docs/portal/ for docs/portal.md. */
export const shot = async (page: Page, name: string) => {
  if (process.env.PASSI_SCREENSHOTS === '1')
    await page.screenshot({ path: `docs/portal/${name}`, fullPage: true });
};

export const linkIn = (mail: string, path: string) => {
  const m = new RegExp(`https?://\\S+${path}\\?token=[A-Za-z0-9_-]+`).exec(mail);
  if (!m) throw new Error(`no ${path} link in:\n${mail}`);
  return m[0];
};

export interface Applicant {
  kind: 'education' | 'service' | 'both';
  name: string;
  businessId: string;
  email: string;
}

/** How a person proves the second factor: an authenticator app's code, or a passkey. */
export type SecondFactor = 'totp' | 'passkey';

/** What signing in again needs: the TOTP key when the account uses an app. */
export interface Account {
  email: string;
  factor: SecondFactor;
  totpSecret?: string;
}

type Inbox = Awaited<ReturnType<typeof startSmtpInbox>>;

/** Fills the join form the way a person does, by the labels in `lang`. */
export async function fillJoinForm(page: Page, a: Applicant, lang: Language = 'en') {
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

/** The journey's steps against one running Passi, one SMTP inbox and one browser. */
export function journeySteps(t: TestApp, inbox: Inbox, browser: Browser) {
  const contexts: BrowserContext[] = [];

  /** A fresh browser profile; with a passkey, a virtual platform authenticator is attached to it. */
  async function newPage(
    options: { factor?: SecondFactor; javaScriptEnabled?: boolean; locale?: string } = {},
  ): Promise<Page> {
    const { factor = 'totp', ...contextOptions } = options;
    // bypassCSP only so axe-core can be injected; the passkey script's load under the real CSP is
    // checked in passkey-chromium.test.ts.
    const context = await browser.newContext({ locale: 'en-GB', bypassCSP: true, ...contextOptions });
    contexts.push(context);
    const page = await context.newPage();
    if (factor === 'passkey') {
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
        },
      });
    }
    return page;
  }

  /** Accepts an invitation: name, password and the second factor; returns what signing in needs. */
  async function setUpAccount(
    page: Page,
    link: string,
    name: string,
    email: string,
    factor: SecondFactor,
  ): Promise<Account> {
    await page.goto(`${link}&lang=en`);
    await page.getByLabel('Your name').fill(name);
    await page.getByLabel('New password', { exact: true }).fill(JOURNEY_PASSWORD);
    await page.getByLabel('New password again').fill(JOURNEY_PASSWORD);
    let totpSecret: string | undefined;
    if (factor === 'totp') {
      totpSecret = (await text(page.locator('code.totp-secret'))).replace(/\s+/g, '');
      await page.getByLabel('Code shown by the authenticator app').fill(totpCode(totpSecret));
    } else {
      await page.getByLabel('Passkey (this device, a security key or a phone)').check();
      await page.getByLabel('Name of the passkey (for example the device’s name)').fill('Work laptop');
    }
    await page.getByRole('button', { name: 'Set up the account' }).click();
    await page.getByRole('heading', { name: 'Your account is ready' }).waitFor();
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    return { email, factor, totpSecret };
  }

  async function signIn(page: Page, account: Account) {
    await page.goto(`${t.baseUrl}/portal/sign-in?lang=en`);
    await page.getByLabel('E-mail address').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill(JOURNEY_PASSWORD);
    if (account.totpSecret) {
      // The set-up used this step's code: the app's next code (RFC 6238 §5.2).
      await page.getByLabel('Verification code').fill(totpCode(account.totpSecret, 1));
      await page.getByRole('button', { name: 'Sign in' }).click();
    } else {
      await page.getByRole('button', { name: 'Use a passkey instead of a code' }).click();
    }
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

  /** The operator approves `name`'s application, assigning `oid` when the organisation data had none. */
  async function approveInBrowser(
    operator: Page,
    name: string,
    options: { oid?: string; screenshots?: boolean } = {},
  ) {
    await operator.goto(`${t.baseUrl}/portal/operator/applications?lang=en`);
    if (options.screenshots) await shot(operator, 'operator-applications.png');
    await operator.getByRole('link', { name }).click();
    await operator.getByRole('heading', { level: 1, name: `Application: ${name}` }).waitFor();
    if (options.screenshots) await shot(operator, 'operator-application.png');
    if (options.oid) await operator.getByLabel('Organisation OID').fill(options.oid);
    await operator.getByRole('button', { name: 'Approve the application' }).click();
    await operator.getByRole('status').getByText('Application approved').waitFor();
  }

  /** The first operator, invited from the command line (`passi operator invite`), signed in on the pages. */
  async function signedInOperator(email = 'oona@example.fi'): Promise<Page> {
    await invitePerson(
      {
        db: t.services.db,
        box: t.services.box,
        clock: t.services.clock,
        mailer: createSmtpMailer(inbox.url, t.config.mailFrom),
        publicUrl: t.baseUrl,
      },
      { email, organisationId: 'passi', role: 'operator', invitedBy: 'cli:test' },
    );
    const page = await newPage();
    const link = invitationLink((await inbox.next()).text);
    await signIn(page, await setUpAccount(page, link, 'Oona Operaattori', email, 'totp'));
    return page;
  }

  return {
    signedInOperator,
    newPage,
    setUpAccount,
    signIn,
    applyAndVerify,
    approveInBrowser,
    closeAll: async () => {
      for (const c of contexts) await c.close();
    },
  };
}
