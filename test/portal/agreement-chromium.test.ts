/**
 * Services for pupils and agreement requests in Debian's Chromium (docs/portal.md "Services for pupils"):
 * the education provider's main user requests a service by agreement with the page's button; the service
 * provider's main user sends a decline without a reason (error summary linked to the field), then accepts.
 * axe-core finds no WCAG 2.1 A/AA violations on either page in fi, sv and en.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import type { PortalRole } from '../../src/portal/domain/roles.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { shot } from './journey-steps.ts';
import { totpCode } from './portal-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const EDU = '1.2.246.562.99.00000000001';
const SP = '1.2.246.562.99.00000000099';
const PASSWORD = 'a long agreement passphrase';
const REGISTRY = `
services:
  - id: agreement-chromium-sp
    organisationOid: ${SP}
    name: { fi: Sopimuspalvelu, sv: Avtalstjänst, en: Contract service }
    protocol: oidc
    deploymentPhase: test
    access: agreement
    serviceSets: [attribute-test]
    oidc:
      clientId: agreement-chromium-client
      redirectUris: ["https://agreement-chromium.example/callback"]
`;

describe.skipIf(!chromiumAvailable)('services for pupils and agreement requests in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp({ registry: REGISTRY }), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
  });

  /** A new person in `role`, signed in through the sign-in page of a fresh browser context. */
  async function signedIn(email: string, role: PortalRole, organisationId: string): Promise<Page> {
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
    const { totpSecret } = await openInvitation(deps, token);
    const accepted = await acceptInvitation(deps, {
      token,
      displayName: email,
      password: PASSWORD,
      passwordAgain: PASSWORD,
      code: totpCode(totpSecret),
    });
    expect(accepted.ok).toBe(true);
    // bypassCSP only so axe-core can be injected; the pages themselves run no script.
    const context = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/portal/sign-in?lang=en`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Verification code').fill(totpCode(totpSecret, 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.baseUrl}/portal/`);
    return page;
  }

  /** axe in the page's language, then in Finnish and Swedish through the language links. */
  async function axeInEveryLanguage(page: Page, headings: Record<'fi' | 'sv', string>) {
    expect(await axeViolations(page)).toEqual([]);
    for (const lang of ['fi', 'sv'] as const) {
      await page.getByRole('link', { name: lang === 'fi' ? 'Suomi' : 'Svenska' }).click();
      await page.getByRole('heading', { level: 1, name: headings[lang] }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await axeViolations(page)).toEqual([]);
    }
  }

  it('the education provider requests, the service provider declines without a reason, then accepts; axe passes', async () => {
    const edu = await signedIn('edu.chromium@example.fi', 'education-main', EDU);
    await edu.goto(`${t.baseUrl}/portal/services-for-pupils?lang=en`);
    await edu.getByRole('heading', { level: 1, name: /^Services for pupils:/ }).waitFor();
    const row = edu.getByRole('row', { name: /Contract service/ });
    expect(await row.textContent()).toContain('Service by agreement: not requested.');
    await row.getByRole('button', { name: 'Request access: Contract service' }).click();
    await edu.getByRole('status').getByText('The request was sent to the service provider.').waitFor();
    expect(await edu.getByRole('row', { name: /Contract service/ }).textContent()).toContain(
      'Agreement requested, not yet accepted.',
    );
    await shot(edu, 'services-for-pupils.png');
    await axeInEveryLanguage(edu, { fi: 'Palvelut oppilaille:', sv: 'Tjänster för elever:' });

    const sp = await signedIn('sp.chromium@example.fi', 'service-main', SP);
    await sp.goto(`${t.baseUrl}/portal/agreement-requests?lang=en`);
    await sp.getByRole('heading', { level: 1, name: /^Agreement requests:/ }).waitFor();
    await sp.getByRole('button', { name: /^Decline: Contract service/ }).click();
    const summary = sp.getByRole('alert');
    const toField = await summary
      .getByRole('link', { name: 'Write a reason before declining.' })
      .getAttribute('href');
    const reason = sp.getByRole('textbox', { name: 'Reason for declining' });
    expect(toField).toBe(`#${await reason.getAttribute('id')}`);
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(sp)).toEqual([]);
    await shot(sp, 'agreement-requests.png');
    await sp.getByRole('button', { name: /^Accept: Contract service/ }).click();
    await sp.getByRole('status').getByText('The request was accepted. Pupils can use the service.').waitFor();
    await axeInEveryLanguage(sp, { fi: 'Sopimuspyynnöt:', sv: 'Avtalsbegäranden:' });

    await edu.goto(`${t.baseUrl}/portal/services-for-pupils?lang=en`);
    expect(
      await edu
        .getByRole('row', { name: /Contract service/ })
        .getByRole('cell')
        .nth(3)
        .textContent(),
    ).toBe('Yes');
  });
});
