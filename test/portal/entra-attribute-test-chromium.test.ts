/**
 * "Test attributes of an Entra ID user" in Debian's Chromium (docs/portal.md): an education provider's main
 * user submits the plain form with JavaScript off — the empty field gives the error summary linked to the
 * field, a user's id gives the per-attribute table — and axe-core finds no WCAG 2.1 A/AA violations in fi,
 * sv or en.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { closeServer } from '../support/fakes/listen.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENTRA_INTEGRATION, entraIntegrationYaml, startFakeEntra } from './entra-test-support.ts';
import { ORG_A } from './integration-test-support.ts';
import { totpCode } from './portal-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const PASSWORD = 'a long entra attribute test passphrase';
const PATH = `/portal/organisation/${ORG_A}/integrations/${ENTRA_INTEGRATION}/entra-attribute-test`;

describe.skipIf(!chromiumAvailable)('Entra ID attribute test page in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let fake: Awaited<ReturnType<typeof startFakeEntra>>;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    fake = await startFakeEntra();
    [t, browser] = await Promise.all([
      createTestApp({
        registry: `integrations:${entraIntegrationYaml(ENTRA_INTEGRATION, ORG_A, fake.base)}\n`,
      }),
      launchChromium(),
    ]);
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
    if (fake) await closeServer(fake.server);
  });

  it('works without JavaScript: error summary, then the attribute table; axe passes in fi, sv and en', async () => {
    const deps = {
      db: t.services.db,
      box: t.services.box,
      clock: t.services.clock,
      mailer: { send: async () => undefined },
      publicUrl: t.baseUrl,
    };
    const email = 'eila@example.fi';
    const { link } = invitationLinkOf(
      await invitePerson(deps, { email, organisationId: ORG_A, role: 'education-main', invitedBy: 'test' }),
    );
    const token = new URL(link).searchParams.get('token') ?? '';
    const { totpSecret } = await openInvitation(deps, token);
    const accepted = await acceptInvitation(deps, {
      token,
      displayName: 'Eila Entra',
      password: PASSWORD,
      passwordAgain: PASSWORD,
      code: totpCode(totpSecret),
    });
    expect(accepted.ok).toBe(true);

    const noJs = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false });
    contexts.push(noJs);
    const page = await noJs.newPage();
    await page.goto(`${t.baseUrl}/portal/sign-in?lang=en`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Verification code').fill(totpCode(totpSecret, 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.baseUrl}/portal/`);

    await page.goto(`${t.baseUrl}${PATH}?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Test attributes of an Entra ID user' }).waitFor();
    await page.getByRole('button', { name: 'Fetch attributes' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Please correct the following' });
    await summary.waitFor();
    expect(await summary.getByRole('link').getAttribute('href')).toBe('#userId');

    await page
      .getByLabel('User’s object id or user principal name (UPN)')
      .fill('nolearner@mansikkala.example');
    await page.getByRole('button', { name: 'Fetch attributes' }).click();
    const table = page.getByRole('table', { name: 'Data-model attributes' });
    await table.waitFor();
    const learnerId = table.locator('tr[data-attribute="learnerId"]');
    expect(await learnerId.getAttribute('data-status')).toBe('error');
    expect(await learnerId.textContent()).toContain('LEARNER_ID_MISSING');
    expect(await page.locator('#login-outcome').textContent()).toContain('would be refused');

    // axe-core needs script: a second context with the same session (bypassCSP only to inject it).
    const withAxe = await browser.newContext({
      locale: 'en-GB',
      bypassCSP: true,
      storageState: await noJs.storageState(),
    });
    contexts.push(withAxe);
    const axePage = await withAxe.newPage();
    for (const [lang, heading] of [
      ['fi', 'Testaa Entra ID -käyttäjän attribuutit'],
      ['sv', 'Testa attributen för en Entra ID-användare'],
      ['en', 'Test attributes of an Entra ID user'],
    ] as const) {
      await axePage.goto(`${t.baseUrl}${PATH}?lang=${lang}`);
      await axePage.locator('#userId').fill('complete@mansikkala.example');
      await axePage.locator('form:has(#userId) button[type="submit"]').click();
      await axePage.getByRole('heading', { level: 1, name: heading }).waitFor();
      await axePage.locator('table').waitFor();
      expect(await axePage.locator('html').getAttribute('lang')).toBe(lang);
      expect(await axeViolations(axePage)).toEqual([]);
    }
  });
});
