import { Secret, TOTP } from 'otpauth';

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
