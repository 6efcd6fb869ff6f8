import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import { createSmtpMailer } from '../../src/portal/mail/mailer.ts';
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import { decodeHtmlText } from '../support/html-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { invitationLink, shownTotpSecret, totpCode } from './portal-support.ts';
import { startSmtpInbox } from './smtp-inbox.ts';

/** The page's text without tags, entities decoded. */
const htmlText = (html: string) => decodeHtmlText(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));

describe('portal: operator invitation by e-mail, account set-up, sign-in and sign-out over HTTP', () => {
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let t: TestApp;
  const password = 'a long operator passphrase';

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    t = await createTestApp({ config: { smtpUrl: inbox.url, mailFrom: 'Passi <passi@test.invalid>' } });
  });
  afterAll(async () => {
    await t?.close();
    await inbox?.close();
  });

  const invite = async (email: string) =>
    invitationLinkOf(
      await invitePerson(
        {
          db: t.services.db,
          box: t.services.box,
          clock: t.services.clock,
          mailer: createSmtpMailer(inbox.url, t.config.mailFrom),
          publicUrl: t.baseUrl,
        },
        { email, organisationId: 'passi', role: 'operator', invitedBy: 'cli:test' },
      ),
    );

  it('the e-mailed link sets up password and TOTP; the account signs in and the shell shows who, where, which role', async () => {
    const { link } = await invite('olli.operaattori@example.fi');
    const mail = await inbox.next();
    expect(mail.to).toEqual(['olli.operaattori@example.fi']);
    expect(invitationLink(mail.text)).toBe(link);

    const browser = new BrowserlessClient();
    const page = await browser.get(invitationLink(mail.text));
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const secret = shownTotpSecret(page.body);

    const wrong = await browser.submitForm(page, {
      name: 'Olli Operaattori',
      password,
      password2: password,
      code: '000000',
    });
    expect(wrong.status).toBe(400);
    expect(htmlText(wrong.body)).toContain('Koodi ei kelpaa');

    const done = await browser.submitForm(wrong, {
      name: 'Olli Operaattori',
      password,
      password2: password,
      code: totpCode(secret),
    });
    expect(done.status).toBe(200);
    const codes = [...done.body.matchAll(/<code>([A-Z0-9-]{14})<\/code>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);

    const reused = await browser.get(link);
    expect(reused.status).toBe(410);
    expect(htmlText(reused.body)).toContain('Linkki on jo käytetty');

    const signInPage = await browser.getFollow(`${t.baseUrl}/portal/`);
    expect(signInPage.url).toBe(`${t.baseUrl}/portal/sign-in`);
    const refused = await browser.submitForm(signInPage, {
      email: 'olli.operaattori@example.fi',
      password: 'not the password',
      code: totpCode(secret, 1),
    });
    expect(refused.status).toBe(401);
    expect(htmlText(refused.body)).toContain('Sähköpostiosoite, salasana tai koodi on väärin.');

    // The enrolment used this step's code; the authenticator's next code is accepted (RFC 6238 §5.2).
    const home = await browser.submitForm(refused, {
      email: 'olli.operaattori@example.fi',
      password,
      code: totpCode(secret, 1),
    });
    expect(home.url).toBe(`${t.baseUrl}/portal/`);
    const text = htmlText(home.body);
    expect(text).toContain('Olli Operaattori');
    expect(text).toContain('olli.operaattori@example.fi');
    expect(text).toContain('Passi (kaikki organisaatiot)');
    expect(text).toContain('Operaattori');

    const audit = await t.services.db
      .selectFrom('portal_audit')
      .select(['action', 'subject'])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'invitation-created',
      'invitation-accepted',
      'invitation-refused',
      'sign-in-failed',
      'sign-in',
    ]);

    // Sign-out is a POST with the session's CSRF token; without it nothing happens.
    const forged = await browser.post(`${t.baseUrl}/portal/sign-out`, {});
    expect(forged.status).toBe(403);
    expect((await browser.get(`${t.baseUrl}/portal/`)).status).toBe(200);
    const signOutForm = parseForms(home.body)[0];
    expect(signOutForm?.action).toBe('/portal/sign-out');
    const out = await browser.submitForm(home);
    expect(out.url).toBe(`${t.baseUrl}/portal/sign-in?out=1`);
    expect((await browser.get(`${t.baseUrl}/portal/`)).headers.get('location')).toBe('/portal/sign-in');
  });

  it('a forged link gets a clear page, not an error trace', async () => {
    const browser = new BrowserlessClient();
    const page = await browser.get(`${t.baseUrl}/portal/invitation?token=forged&lang=en`);
    expect(page.status).toBe(410);
    expect(htmlText(page.body)).toContain('The link is not recognised.');
  });

  it('a sign-in form posted without the form cookie is refused and nothing is audited as a sign-in', async () => {
    const res = await fetch(`${t.baseUrl}/portal/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ form: 'x', email: 'a@b.fi', password: 'p', code: '123456' }).toString(),
    });
    expect(res.status).toBe(403);
  });

  it('oversized fields are refused before anything is looked up', async () => {
    const browser = new BrowserlessClient();
    const page = await browser.get(`${t.baseUrl}/portal/sign-in`);
    const res = await browser.submitForm(page, {
      email: 'a@b.fi',
      password: 'x'.repeat(300),
      code: '123456',
    });
    expect(res.status).toBe(400);
  });
});
