/**
 * The joining journey's first steps in Debian's Chromium (docs/portal.md): an operator invitation read
 * from a real SMTP server, the invitation page (password + TOTP, code computed as an authenticator app
 * would), the recovery codes, sign-in, and the shell showing who is signed in, for which organisation, in
 * which role. The pages need no JavaScript; axe-core finds no WCAG 2.1 A/AA violations on them.
 */
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitePerson } from '../../src/portal/commands/invite-person.ts';
import { createSmtpMailer } from '../../src/portal/mail/mailer.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { invitationLink, totpCode } from './portal-support.ts';
import { startSmtpInbox } from './smtp-inbox.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const text = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe.skipIf(!chromiumAvailable)(
  'portal in Chromium: invitation → password + TOTP → sign-in → shell',
  () => {
    let t: TestApp;
    let browser: Browser;
    let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
    let context: BrowserContext | undefined;
    beforeAll(async () => {
      inbox = await startSmtpInbox();
      [t, browser] = await Promise.all([createTestApp({ config: { smtpUrl: inbox.url } }), launchChromium()]);
    }, 120_000);
    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await t?.close();
      await inbox?.close();
    });

    it('a new operator sets up the account and signs in', async () => {
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
      const link = invitationLink((await inbox.next()).text);

      // bypassCSP only so axe-core can be injected; the pages themselves run no script.
      context = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${link}&lang=en`);
      expect(await text(page.getByRole('heading', { level: 1 }))).toBe(
        'Set up your management portal account',
      );
      expect(await page.title()).toContain('Set up your management portal account');
      expect(await axeViolations(page)).toEqual([]);

      const secret = (await text(page.locator('code.totp-secret'))).replace(/\s+/g, '');
      await page.getByLabel('Your name').fill('Oona Operaattori');
      await page.getByLabel('New password', { exact: true }).fill('a long operator passphrase');
      await page.getByLabel('New password again').fill('a long operator passphrase');
      await page.getByLabel('Code shown by the authenticator app').fill(totpCode(secret));
      await page.getByRole('button', { name: 'Set up the account' }).click();
      await page.getByRole('heading', { name: 'Your account is ready' }).waitFor();
      expect(await page.locator('.recovery-codes li').count()).toBe(10);

      await page.getByRole('link', { name: 'Continue to sign in' }).click();
      await page.getByLabel('E-mail address').fill('oona@example.fi');
      await page.getByLabel('Password', { exact: true }).fill('a long operator passphrase');
      // The enrolment used this step's code: the app's next code (RFC 6238 §5.2).
      await page.getByLabel('Verification code').fill(totpCode(secret, 1));
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${t.baseUrl}/portal/`);

      const who = page.getByRole('region', { name: 'Signed-in user' });
      expect(await text(who)).toContain('Oona Operaattori');
      expect(await text(who.locator('.who-org'))).toBe('Passi (all organisations)');
      expect(await text(who.locator('.who-role'))).toBe('Operator');
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('link', { name: 'API tokens' }).click();
      await page.getByRole('heading', { name: 'Personal API tokens' }).waitFor();
      await page.getByLabel('Name').fill('laptop');
      await page.getByRole('button', { name: 'Create token' }).click();
      expect(await text(page.locator('code.new-token'))).toMatch(/^passi_pat_/);
      expect(await axeViolations(page)).toEqual([]);
    });
  },
);
