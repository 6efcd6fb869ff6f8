/**
 * Sign-in through an external OpenID provider in Debian's Chromium (docs/portal.md "Sign-in with an external
 * provider"): the real browser's cookie rules decide here — the Lax state cookie must come back with the
 * provider's cross-site redirect, and the Strict session cookie must work after Passi's own pages. axe-core
 * finds no WCAG 2.1 A/AA violations on the code and refusal pages.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { type SchoolOp, startSchoolOp } from '../support/fakes/school-op.ts';
import { freePort } from '../support/free-port.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { totpCode } from './portal-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const PASSWORD = 'a long external passphrase';

describe.skipIf(!chromiumAvailable)('external sign-in in Chromium', () => {
  let t: TestApp;
  let op: SchoolOp;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let secret = '';
  beforeAll(async () => {
    const port = await freePort();
    op = await startSchoolOp({
      clientId: 'passi-portal',
      clientSecret: 'portal-client-secret-for-tests',
      redirectUris: [`http://localhost:${port}/portal/sign-in/oidc/callback`],
      claims: ['email', 'email_verified'],
      claimsInIdToken: true,
    });
    [t, browser] = await Promise.all([
      createTestApp({
        port,
        config: {
          portalOidcIssuer: op.issuer,
          portalOidcClientId: 'passi-portal',
          portalOidcClientSecret: 'portal-client-secret-for-tests',
          portalOidcName: 'Mansikkalan kaupunki',
        },
      }),
      launchChromium(),
    ]);
    const deps = {
      db: t.services.db,
      box: t.services.box,
      clock: t.services.clock,
      mailer: { send: async () => undefined },
      publicUrl: t.baseUrl,
    };
    const { link } = invitationLinkOf(
      await invitePerson(deps, {
        email: 'rehtori@mansikkala.fi',
        organisationId: '1.2.246.562.99.00000000001',
        role: 'education-main',
        invitedBy: 'test',
      }),
    );
    const token = new URL(link).searchParams.get('token') ?? '';
    secret = (await openInvitation(deps, token)).totpSecret;
    const done = await acceptInvitation(deps, {
      token,
      displayName: 'Riitta Rehtori',
      password: PASSWORD,
      passwordAgain: PASSWORD,
      code: totpCode(secret),
    });
    if (!done.ok) throw new Error(done.problem);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
    await op?.close();
  });

  it('signs in with the provider and the person’s own code; an unverified address is refused', async () => {
    // bypassCSP only so axe-core can be injected; the pages themselves run no script. One context per
    // person: the provider keeps its own session.
    context = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
    let page = await context.newPage();
    op.loginAs = 'ext-rehtori';
    op.accounts.set('ext-rehtori', { email: 'rehtori@mansikkala.fi', email_verified: true });
    await page.goto(`${t.baseUrl}/portal/sign-in?lang=en`);
    await page.getByRole('link', { name: 'Sign in with Mansikkalan kaupunki' }).click();
    await page.getByRole('heading', { level: 1, name: 'Confirm your sign-in' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Verification code').fill(totpCode(secret, 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.baseUrl}/portal/`);
    const who = page.getByRole('region', { name: 'Signed-in user' });
    expect(await who.textContent()).toContain('rehtori@mansikkala.fi');
    await context.close();

    context = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
    page = await context.newPage();
    op.loginAs = 'ext-unverified';
    op.accounts.set('ext-unverified', { email: 'rehtori@mansikkala.fi', email_verified: false });
    await page.goto(`${t.baseUrl}/portal/sign-in?lang=en`);
    await page.getByRole('link', { name: 'Sign in with Mansikkalan kaupunki' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign-in did not succeed' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
