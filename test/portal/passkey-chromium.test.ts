/**
 * Passkeys as the portal's second factor in Debian's Chromium (docs/portal.md "Passkeys"), with a virtual
 * authenticator over the Chrome DevTools Protocol (WebAuthn domain) standing in for a platform
 * authenticator: an invitation read from a real SMTP server, password and passkey at set-up, sign-out,
 * sign-in with password and passkey, and the shell showing the person. The pages' real Content Security
 * Policy is in force, so the passkey script must load as a portal asset. A replayed assertion is refused.
 */
import type { Browser, BrowserContext, CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitePerson } from '../../src/portal/commands/invite-person.ts';
import { createSmtpMailer } from '../../src/portal/mail/mailer.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { invitationLink } from './portal-support.ts';
import { startSmtpInbox } from './smtp-inbox.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

describe.skipIf(!chromiumAvailable)('portal passkeys in Chromium with a virtual authenticator', () => {
  let t: TestApp;
  let browser: Browser;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let context: BrowserContext | undefined;
  const email = 'paula.passkey@example.fi';
  const password = 'a long passkey passphrase';

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

  const audit = () =>
    t.services.db.selectFrom('portal_audit').select(['action', 'detail']).orderBy('id').execute();

  it('set-up with a passkey, sign-out, sign-in with password and passkey; a replayed assertion is refused', async () => {
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
    const link = invitationLink((await inbox.next()).text);

    context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') cspErrors.push(m.text());
    });

    await page.goto(`${link}&lang=en`);
    await page.getByLabel('Your name').fill('Paula Passkey');
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('New password again').fill(password);
    // The choice is shown by the passkey script: it loaded under the page's CSP.
    await page.getByLabel('Passkey (this device, a security key or a phone)').check();
    expect(await page.getByLabel('Code shown by the authenticator app').isVisible()).toBe(false);
    await page.getByLabel('Name of the passkey (for example the device’s name)').fill('Test laptop');
    await page.getByRole('button', { name: 'Set up the account' }).click();
    await page.getByRole('heading', { name: 'Your account is ready' }).waitFor();
    expect(await page.locator('.recovery-codes li').count()).toBe(10);

    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    const stored = await t.services.db
      .selectFrom('portal_webauthn_credential')
      .innerJoin('portal_person', 'portal_person.id', 'portal_webauthn_credential.person_id')
      .select(['portal_webauthn_credential.id', 'name', 'sign_count', 'email', 'totp_secret'])
      .execute();
    expect(stored).toHaveLength(1);
    // CDP reports the credential id in standard base64; WebAuthn's JSON uses base64url.
    const cdpId = Buffer.from(credentials[0]?.credentialId ?? '', 'base64').toString('base64url');
    expect(stored[0]).toMatchObject({ id: cdpId, name: 'Test laptop', email });
    // A passkey instead of TOTP: no TOTP secret is kept.
    expect(stored[0]?.totp_secret).toBeNull();

    await page.getByRole('link', { name: 'Continue to sign in' }).click();
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    let postedSignIn: string | undefined;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url() === `${t.baseUrl}/portal/sign-in`)
        postedSignIn = r.postData() ?? '';
    });
    await page.getByRole('button', { name: 'Use a passkey instead of a code' }).click();
    await page.waitForURL(`${t.baseUrl}/portal/`);
    const who = page.getByRole('region', { name: 'Signed-in user' });
    expect(await who.textContent()).toContain('Paula Passkey');
    expect(await who.locator('.who-role').textContent()).toBe('Operator');

    const afterSignIn = await t.services.db
      .selectFrom('portal_webauthn_credential')
      .select(['sign_count', 'last_used_at'])
      .executeTakeFirstOrThrow();
    expect(afterSignIn.last_used_at).not.toBeNull();
    expect(Number(afterSignIn.sign_count)).toBeGreaterThan(Number(stored[0]?.sign_count));

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${t.baseUrl}/portal/sign-in?out=1`);

    // The same assertion posted again (same form cookie, same password): its challenge was used.
    expect(postedSignIn).toContain('passkey=');
    const replay = await page.request.post(`${t.baseUrl}/portal/sign-in`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: postedSignIn,
      maxRedirects: 0,
    });
    expect(replay.status()).toBe(401);
    // No Accept-Language on this request: the default language, Finnish.
    expect(await replay.text()).toContain('Sähköpostiosoite, salasana tai koodi on väärin.');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'passi_portal')).toBeUndefined();

    const events = await audit();
    expect(events.map((e) => e.action)).toEqual([
      'invitation-created',
      'invitation-accepted',
      'sign-in',
      'sign-out',
      'sign-in-failed',
    ]);
    expect(events[1]?.detail).toMatchObject({ secondFactor: 'passkey', credentialId: stored[0]?.id });
    expect(events[2]?.detail).toMatchObject({ secondFactor: 'passkey' });
    expect(events[4]?.detail).toMatchObject({ why: 'passkey-challenge' });
    expect(cspErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  }, 120_000);
});
