/**
 * Steps the integration journeys (integration-journey-chromium.test.ts for SAML,
 * wilma-journey-chromium.test.ts for Wilma) take alike in Chromium: a main user signed in, the integration
 * page's edit form, its test-login results, and the allowed service sets.
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import type { TestApp } from '../support/test-app.ts';
import { text } from './journey-steps.ts';
import { totpCode } from './portal-support.ts';

/** A main user of `organisationId` with an authenticator app, signed in in a fresh Chromium context (no JavaScript). */
export async function signInMainUser(t: TestApp, browser: Browser, email: string, organisationId: string) {
  const deps = {
    db: t.services.db,
    box: t.services.box,
    clock: t.services.clock,
    mailer: { send: async () => undefined },
    publicUrl: t.baseUrl,
  };
  const password = 'a long integration journey passphrase';
  const { link } = invitationLinkOf(
    await invitePerson(deps, { email, organisationId, role: 'education-main', invitedBy: 'test' }),
  );
  const token = new URL(link).searchParams.get('token') ?? '';
  const { totpSecret } = await openInvitation(deps, token);
  const accepted = await acceptInvitation(deps, {
    token,
    displayName: 'Pää Käyttäjä',
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
  return { context, page };
}

/** The integration page's edit form (the page has the test login and production forms too). */
export const editForm = (page: Page) =>
  page.locator('form').filter({ has: page.locator('input[name="revision"]') });

/** The integration page's test-login results as text, newest first. */
export async function resultRows(page: Page): Promise<string[]> {
  const rows = page.locator('#test-login-results tbody tr');
  const out: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push(await text(rows.nth(i)));
  return out;
}

/**
 * On the integration page at `path`: "Only the chosen service sets" with the first set checked, saved;
 * the store and the page both show the one set. Returns the set's id.
 */
export async function allowFirstServiceSet(t: TestApp, page: Page, path: string): Promise<string> {
  await page.goto(`${t.baseUrl}${path}?lang=en`);
  const form = editForm(page);
  await form.getByLabel('Only the chosen service sets').check();
  const first = form.locator('input[name="allowedServices"]').first();
  const setId = (await first.getAttribute('value')) ?? '';
  expect(setId).not.toBe('');
  await first.check();
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByText('The integration was saved.').waitFor();
  const id = path.split('/').at(-1) ?? '';
  expect((await t.services.repo.find('integration', id))?.doc.allowedServices).toEqual([setId]);
  expect(await editForm(page).locator(`input[name="allowedServices"][value="${setId}"]`).isChecked()).toBe(
    true,
  );
  return setId;
}
