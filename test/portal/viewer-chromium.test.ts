/**
 * People management in Debian's Chromium (docs/portal.md "People"): a main user invites a viewer from the
 * organisation page after a fresh sign-in; the viewer accepts the invitation from the e-mail the test SMTP
 * server received, signs in, sees the organisation page without change forms, and a crafted POST with the
 * viewer's own CSRF token is refused with 403 and changes nothing. axe-core finds no WCAG 2.1 A/AA
 * violations on the organisation page, the organisations list and the invitation form in fi, sv and en.
 * With PASSI_SCREENSHOTS=1 the pages are saved into docs/portal/.
 */

import { sql } from 'kysely';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import type { PortalRole } from '../../src/portal/domain/roles.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { invitationLink, totpCode } from './portal-support.ts';
import { startSmtpInbox } from './smtp-inbox.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const ORG = '1.2.246.562.99.00000000001';
const PASSWORD = 'a long browser passphrase';
const text = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const screenshot = async (page: Page, name: string) => {
  if (process.env.PASSI_SCREENSHOTS === '1')
    await page.screenshot({ path: `docs/portal/${name}.png`, fullPage: true });
};

describe.skipIf(!chromiumAvailable)(
  'portal in Chromium: a main user invites a viewer, who may only look',
  () => {
    let t: TestApp;
    let browser: Browser;
    let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
    const contexts: BrowserContext[] = [];
    beforeAll(async () => {
      inbox = await startSmtpInbox();
      [t, browser] = await Promise.all([createTestApp({ config: { smtpUrl: inbox.url } }), launchChromium()]);
    }, 120_000);
    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await t?.close();
      await inbox?.close();
    });

    /** An account made through the commands (its mail kept out of the inbox), signed in in a new browser. */
    const signedInPage = async (email: string, role: PortalRole, organisationId: string) => {
      const deps = {
        db: t.services.db,
        box: t.services.box,
        clock: t.services.clock,
        mailer: { send: async () => undefined },
        publicUrl: t.baseUrl,
      };
      const { link } = invitationLinkOf(
        await invitePerson(deps, { email, organisationId, role, invitedBy: 'test' }),
      );
      const token = new URL(link).searchParams.get('token') ?? '';
      const open = await openInvitation(deps, token);
      const accepted = await acceptInvitation(deps, {
        token,
        displayName: email.split('@')[0] ?? email,
        password: PASSWORD,
        passwordAgain: PASSWORD,
        code: totpCode(open.totpSecret),
      });
      if (!accepted.ok) throw new Error(accepted.problem);
      // bypassCSP only so axe-core can be injected; the pages themselves run no script.
      const context = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, email, totpCode(open.totpSecret, 1));
      return { page, recoveryCodes: accepted.recoveryCodes };
    };
    const signIn = async (page: Page, email: string, code: string) => {
      await page.goto(`${t.baseUrl}/portal/sign-in?lang=en`);
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Verification code').fill(code);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${t.baseUrl}/portal/`);
    };
    const axeInEveryLanguage = async (page: Page, path: string) => {
      for (const lang of ['fi', 'sv', 'en']) {
        await page.goto(`${t.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await axeViolations(page)).toEqual([]);
      }
    };

    it('invites a viewer after a fresh sign-in; the viewer sees the page, has no change forms, and a crafted POST is refused', async () => {
      const main = await signedInPage('maria.main@example.fi', 'education-main', ORG);
      await main.page.getByRole('link', { name: 'Organisation', exact: true }).click();
      await main.page.waitForURL(`${t.baseUrl}/portal/organisation/${ORG}`);
      expect(await text(main.page.getByRole('heading', { level: 1 }))).toBe(
        'Mansikkala test education provider',
      );
      // Saving without a technical contact is refused with an error summary linking to the field.
      await main.page.goto(`${t.baseUrl}/portal/organisation/${ORG}?lang=en`);
      await main.page.locator('#contact-0-kind').selectOption('security');
      await main.page.locator('#contact-0-name').fill('Sanna Suojaus');
      await main.page.locator('#contact-0-email').fill('sanna@example.fi');
      await main.page.getByRole('button', { name: 'Save contacts' }).click();
      await main.page
        .getByRole('link', { name: 'The organisation must have at least one technical contact.' })
        .click();
      expect(await main.page.evaluate(() => document.activeElement?.id)).toBe('contact-0-kind');
      expect(await axeViolations(main.page)).toEqual([]);
      await main.page.locator('#contact-0-kind').selectOption('technical');
      await main.page.locator('#contact-0-name').fill('Tuomas Tekninen');
      await main.page.locator('#contact-0-email').fill('tuomas@example.fi');
      await main.page.locator('#contact-0-phone').fill('+358 40 123 4567');
      await main.page.getByRole('button', { name: 'Save contacts' }).click();
      expect(await text(main.page.getByRole('status').first())).toBe('Contacts saved.');
      expect(await text(main.page.locator('table.audit'))).toContain(
        'contacts[0].name: (unset) → "Tuomas Tekninen"',
      );
      await axeInEveryLanguage(main.page, `/portal/organisation/${ORG}`);
      await screenshot(main.page, 'organisation-page');

      // Inviting is a sensitive action: with the sign-in older than 10 minutes the page asks for it again.
      await sql`update portal_session set authenticated_at = authenticated_at - interval '11 minutes'`.execute(
        t.services.db,
      );
      await axeInEveryLanguage(main.page, `/portal/organisation/${ORG}`);
      expect(await main.page.locator('#invite-email').count()).toBe(0);
      expect(await main.page.locator('#reauth-password').count()).toBe(1);
      await main.page.locator('#reauth-password').fill(PASSWORD);
      // The sign-in used the app's current code; a recovery code does not wait for the next one.
      await main.page.locator('#reauth-code').fill(main.recoveryCodes[0] ?? '');
      await main.page.getByRole('button', { name: 'Confirm' }).click();
      await main.page.locator('#invite-email').waitFor();
      await axeInEveryLanguage(main.page, `/portal/organisation/${ORG}`);
      await main.page.goto(`${t.baseUrl}/portal/organisation/${ORG}?lang=en#invite`);
      await screenshot(main.page, 'invite-form');

      await main.page.locator('#invite-email').fill('veera.viewer@example.fi');
      await main.page.locator('#invite-role').selectOption('education-viewer');
      await main.page.getByRole('button', { name: 'Send invitation' }).click();
      expect(await text(main.page.getByRole('status').first())).toBe('Invitation sent by e-mail.');
      expect(await text(main.page.locator('table.people'))).toContain('veera.viewer@example.fi');

      const mail = await inbox.next();
      expect(mail.to).toEqual(['veera.viewer@example.fi']);
      const viewerContext = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
      contexts.push(viewerContext);
      const viewer = await viewerContext.newPage();
      await viewer.goto(`${invitationLink(mail.text)}&lang=en`);
      const secret = (await text(viewer.locator('code.totp-secret'))).replace(/\s+/g, '');
      await viewer.getByLabel('Your name').fill('Veera Viewer');
      await viewer.getByLabel('New password', { exact: true }).fill(PASSWORD);
      await viewer.getByLabel('New password again').fill(PASSWORD);
      await viewer.getByLabel('Code shown by the authenticator app').fill(totpCode(secret));
      await viewer.getByRole('button', { name: 'Set up the account' }).click();
      await viewer.getByRole('heading', { name: 'Your account is ready' }).waitFor();
      await signIn(viewer, 'veera.viewer@example.fi', totpCode(secret, 1));

      await viewer.getByRole('link', { name: 'Organisation', exact: true }).click();
      await viewer.waitForURL(`${t.baseUrl}/portal/organisation/${ORG}`);
      expect(await text(viewer.locator('table.people'))).toContain('Veera Viewer');
      expect(await viewer.locator('form[action*="/contacts"], form[action*="/people"]').count()).toBe(0);
      await axeInEveryLanguage(viewer, `/portal/organisation/${ORG}`);

      const contactsBefore = (await t.services.registry.current()).organisations.get(ORG)?.contacts;
      const crafted = await viewer.evaluate(async (org) => {
        const csrf =
          document.querySelector<HTMLInputElement>('form[action="/portal/sign-out"] input[name="csrf"]')
            ?.value ?? '';
        const body = new URLSearchParams({
          csrf,
          'kind-0': 'technical',
          'name-0': 'Veera',
          'email-0': 'v@example.fi',
        });
        const page = await fetch(`/portal/organisation/${org}/contacts`, { method: 'POST', body });
        const api = await fetch(`/portal/api/v1/organisations/${org}/people`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ email: 'sneaky@example.fi', role: 'education-main' }),
        });
        return { page: page.status, api: api.status, hadToken: csrf.length > 0 };
      }, ORG);
      expect(crafted).toEqual({ page: 403, api: 403, hadToken: true });
      expect((await t.services.registry.current()).organisations.get(ORG)?.contacts).toEqual(contactsBefore);
      expect(inbox.messages.length).toBe(1);
    });

    it('operators list every organisation; the list passes axe in fi, sv and en', async () => {
      const operator = await signedInPage('otto.operator@example.fi', 'operator', 'passi');
      await operator.page.getByRole('link', { name: 'Organisations', exact: true }).click();
      await operator.page.waitForURL(`${t.baseUrl}/portal/organisations`);
      expect(await operator.page.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
      await axeInEveryLanguage(operator.page, '/portal/organisations');
      await axeInEveryLanguage(operator.page, '/portal/organisations?q=mansikkala');
      await operator.page.goto(`${t.baseUrl}/portal/organisations?lang=en`);
      await screenshot(operator.page, 'organisations');
      await operator.page.getByRole('link', { name: 'Mansikkala test education provider' }).click();
      await operator.page.waitForURL(`${t.baseUrl}/portal/organisation/${ORG}`);
    });
  },
);
