/**
 * History, "Needs attention" and logos in Debian's Chromium (docs/portal.md "History", "Needs attention",
 * "Logos"): an education provider's main user sees the block on the front page, opens the health page and
 * an integration's history, restores an earlier version with the plain form; axe-core finds no WCAG 2.1
 * A/AA violations in fi, sv or en. An uploaded logo is served with its type, nosniff and a CSP.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import type { PortalDeps } from '../../src/portal/commands/portal-deps.ts';
import { uploadLogo } from '../../src/portal/commands/upload-logo.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { shot } from './journey-steps.ts';
import { totpCode } from './portal-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const MANSIKKALA = '1.2.246.562.99.00000000001';
const PASSWORD = 'a long history passphrase';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAAC0lEQVR4nGNgAAEAAAYAAf6MZ8gAAAAASUVORK5CYII=',
  'base64',
);

describe.skipIf(!chromiumAvailable)('history, needs attention and logos in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  const inEachLanguage = async (page: Page, headings: Record<'fi' | 'sv' | 'en', string>) => {
    for (const [lang, name] of [
      ['fi', headings.fi],
      ['sv', headings.sv],
      ['en', headings.en],
    ] as const) {
      const url = new URL(page.url());
      url.searchParams.set('lang', lang);
      await page.goto(url.toString());
      await page.getByRole('heading', { level: 1, name }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await axeViolations(page)).toEqual([]);
    }
  };

  it('shows history and needs attention, restores a version, passes axe in fi, sv and en; serves the logo safely', async () => {
    const deps: PortalDeps = {
      db: t.services.db,
      box: t.services.box,
      clock: t.services.clock,
      mailer: { send: async () => undefined },
      publicUrl: t.baseUrl,
      registry: { cache: t.services.registry, repo: t.services.repo },
    };
    const email = 'hilkka@example.fi';
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
      displayName: 'Hilkka Historia',
      password: PASSWORD,
      passwordAgain: PASSWORD,
      code: totpCode(totpSecret),
    });
    expect(accepted.ok).toBe(true);
    const person = await t.services.db
      .selectFrom('portal_person')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    // A second version of the demo integration: its logo.
    const logo = await uploadLogo(
      deps,
      {
        personId: person.id,
        email,
        displayName: 'Hilkka',
        organisationId: MANSIKKALA,
        role: 'education-main',
        via: 'token',
      },
      { organisationId: MANSIKKALA, kind: 'integration', entityId: '4000001', bytes: PNG },
      '127.0.0.1',
    );

    context = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/portal/sign-in?lang=en`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Verification code').fill(totpCode(totpSecret, 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.baseUrl}/portal/`);
    await page.getByRole('heading', { level: 2, name: 'Needs attention' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: /Everything that needs attention/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Needs attention: / }).waitFor();
    await shot(page, 'needs-attention.png');
    await inEachLanguage(page, {
      fi: 'Huomioitavaa: Mansikkalan testikoulutustoimija',
      sv: 'Att åtgärda: Mansikkala testutbildningsanordnare',
      en: 'Needs attention: Mansikkala test education provider',
    });

    await page.goto(`${t.baseUrl}/portal/organisation/${MANSIKKALA}/integrations/4000001/history?lang=en`);
    await page
      .getByRole('heading', { level: 1, name: 'Integration version history: Mansikkala test schools' })
      .waitFor();
    const versions = page.getByRole('table', { name: 'Versions' });
    expect(await versions.getByRole('row').count()).toBe(3);
    expect(await versions.textContent()).toContain(`discovery.logo: (unset) → "${logo.file.slice(0, 20)}`);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'integration-history.png');
    await page.getByRole('button', { name: /^Restore this version/ }).click();
    await page.getByRole('status').getByText('The version was restored as a new change.').waitFor();
    expect(await versions.getByRole('row').count()).toBe(4);
    const restored = (await t.services.repo.list('integration')).find((e) => e.id === '4000001');
    expect(restored?.doc.discovery.logo).toBeUndefined();
    await inEachLanguage(page, {
      fi: 'Integraation versiohistoria: Mansikkalan testikoulut',
      sv: 'Integrationens versionshistorik: Mansikkalas testskolor',
      en: 'Integration version history: Mansikkala test schools',
    });

    const served = await page.request.get(`${t.baseUrl}${logo.url}`);
    expect(served.status()).toBe(200);
    expect(served.headers()['content-type']).toBe('image/png');
    expect(served.headers()['x-content-type-options']).toBe('nosniff');
    expect(served.headers()['content-security-policy']).toBe("default-src 'none'");
    expect(served.headers()['cache-control']).toContain('immutable');
    expect(Buffer.from(await served.body()).equals(PNG)).toBe(true);
    expect((await page.request.get(`${t.baseUrl}/logos/${logo.file.replace('.png', '.jpg')}`)).status()).toBe(
      404,
    );
  });
});
