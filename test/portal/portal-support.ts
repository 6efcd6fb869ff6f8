import { Secret, TOTP } from 'otpauth';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import type { PortalRole } from '../../src/portal/domain/roles.ts';
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import type { TestApp } from '../support/test-app.ts';

/** What an authenticator app shows `offsetSteps` 30-second steps from now (RFC 6238), independent of Passi. */
export function totpCode(secretBase32: string, offsetSteps = 0): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secretBase32.replace(/\s+/g, '')),
    timestamp: Date.now() + offsetSteps * 30_000,
  });
}

/** The invitation link in a received e-mail. */
export function invitationLink(text: string): string {
  const m = /https?:\/\/\S+\/portal\/invitation\?token=[A-Za-z0-9_-]+/.exec(text);
  if (!m) throw new Error(`no invitation link in:\n${text}`);
  return m[0];
}

/** The TOTP key as the invitation page shows it. */
export function shownTotpSecret(html: string): string {
  const m = /<code class="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(html);
  if (!m?.[1]) throw new Error('no TOTP key on the page');
  return m[1].replace(/\s+/g, '');
}

/** A person with an account in `role` for `organisationId`, signed in through the pages; with the CSRF token. */
export async function signedInBrowser(
  t: TestApp,
  email: string,
  role: PortalRole,
  organisationId: string,
): Promise<{ browser: BrowserlessClient; csrf: string; password: string; recoveryCodes: string[] }> {
  const sent: string[] = [];
  const deps = {
    db: t.services.db,
    box: t.services.box,
    clock: t.services.clock,
    mailer: { send: async (m: { text: string }) => void sent.push(m.text) },
    publicUrl: t.baseUrl,
  };
  const { link } = invitationLinkOf(
    await invitePerson(deps, { email, organisationId, role, invitedBy: 'test' }),
  );
  const token = new URL(link).searchParams.get('token') ?? '';
  const open = await openInvitation(deps, token);
  const password = 'a long test passphrase';
  const accepted = await acceptInvitation(deps, {
    token,
    displayName: email,
    password,
    passwordAgain: password,
    code: totpCode(open.totpSecret),
  });
  if (!accepted.ok) throw new Error(`set-up failed: ${accepted.problem}`);
  const browser = new BrowserlessClient();
  const signIn = await browser.get(`${t.baseUrl}/portal/sign-in`);
  const home = await browser.submitForm(signIn, { email, password, code: totpCode(open.totpSecret, 1) });
  const csrf = parseForms(home.body)[0]?.fields.csrf;
  if (home.url !== `${t.baseUrl}/portal/` || !csrf) throw new Error(`sign-in failed (${home.status})`);
  return { browser, csrf, password, recoveryCodes: accepted.recoveryCodes };
}
