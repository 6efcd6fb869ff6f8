/**
 * Portal sign-in through a municipality's own OpenID provider (docs/portal.md "Sign-in with an external
 * provider"), against a REAL provider (oidc-provider) in the test process: a verified e-mail address of an
 * active account signs in (with the person's own code unless the operator trusts the provider for both
 * factors); an unverified or unknown address, an invited person, a wrong state and a replayed answer all
 * get the same refusal, nothing is created, and everything is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, openInvitation } from '../../src/portal/commands/accept-invitation.ts';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import { portalStores } from '../../src/portal/commands/portal-deps.ts';
import type { PortalRole } from '../../src/portal/domain/roles.ts';
import { BrowserlessClient, type BrowserResponse } from '../support/browserless-client.ts';
import { type SchoolOp, startSchoolOp } from '../support/fakes/school-op.ts';
import { freePort } from '../support/free-port.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { totpCode } from './portal-support.ts';

const ORG = '1.2.246.562.99.00000000001';
const CALLBACK = '/portal/sign-in/oidc/callback';
const PASSWORD = 'a long external passphrase';

async function municipality(bothFactors: boolean): Promise<{ t: TestApp; op: SchoolOp }> {
  const port = await freePort();
  const op = await startSchoolOp({
    clientId: 'passi-portal',
    clientSecret: 'portal-client-secret-for-tests',
    redirectUris: [`http://localhost:${port}${CALLBACK}`],
    claims: ['email', 'email_verified'],
    claimsInIdToken: true,
  });
  const t = await createTestApp({
    port,
    config: {
      portalOidcIssuer: op.issuer,
      portalOidcClientId: 'passi-portal',
      portalOidcClientSecret: 'portal-client-secret-for-tests',
      portalOidcName: 'Mansikkalan kaupunki',
      portalOidcBothFactors: bothFactors ? 'true' : 'false',
    },
  });
  return { t, op };
}

/** An account set up through its invitation; returns the TOTP secret. */
async function activeAccount(t: TestApp, email: string, role: PortalRole = 'education-main') {
  const deps = {
    db: t.services.db,
    box: t.services.box,
    clock: t.services.clock,
    mailer: { send: async () => undefined },
    publicUrl: t.baseUrl,
  };
  const { link } = invitationLinkOf(
    await invitePerson(deps, { email, organisationId: ORG, role, invitedBy: 'test' }),
  );
  const token = new URL(link).searchParams.get('token') ?? '';
  const { totpSecret } = await openInvitation(deps, token);
  const done = await acceptInvitation(deps, {
    token,
    displayName: email,
    password: PASSWORD,
    passwordAgain: PASSWORD,
    code: totpCode(totpSecret),
  });
  if (!done.ok) throw new Error(done.problem);
  return totpSecret;
}

/** From "Sign in with …" to the provider's answer, which is returned unvisited. */
async function toCallback(t: TestApp, browser: BrowserlessClient): Promise<string> {
  let response: BrowserResponse = await browser.get(`${t.baseUrl}/portal/sign-in/oidc`);
  for (let hop = 0; hop < 10; hop++) {
    const location = response.headers.get('location');
    if (!location) throw new Error(`no redirect at ${response.url} (${response.status})`);
    const next = new URL(location, response.url).toString();
    if (next.startsWith(`${t.baseUrl}${CALLBACK}`)) return next;
    response = await browser.get(next);
  }
  throw new Error('the provider never answered');
}

const lastAudit = async (t: TestApp) => (await portalStores(t.services.db).audit.list({ limit: 1 }))[0];

describe('portal sign-in through an external OpenID provider (own code as the second factor)', () => {
  let t: TestApp;
  let op: SchoolOp;
  let secret = '';
  beforeAll(async () => {
    ({ t, op } = await municipality(false));
    secret = await activeAccount(t, 'rehtori@mansikkala.fi');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await op?.close();
  });

  it('the sign-in page offers the provider by its name', async () => {
    const page = await new BrowserlessClient().get(`${t.baseUrl}/portal/sign-in?lang=en`);
    expect(page.body).toContain('href="/portal/sign-in/oidc"');
    expect(page.body).toContain('Sign in with Mansikkalan kaupunki');
  });

  it('a verified address of an active account, then the person’s own code: signed in, audited', async () => {
    op.loginAs = 'ext-rehtori';
    op.accounts.set('ext-rehtori', { email: 'Rehtori@Mansikkala.fi', email_verified: true });
    const browser = new BrowserlessClient();
    const codePage = await browser.get(await toCallback(t, browser));
    expect(codePage.status).toBe(200);
    expect(codePage.body).toContain('Vahvista kirjautuminen');
    expect((await browser.get(`${t.baseUrl}/portal/`)).status).toBe(303);

    const wrong = await browser.submitForm(codePage, { code: '000000' });
    expect(wrong.status).toBe(401);
    const home = await browser.submitForm(wrong, { code: totpCode(secret, 1) });
    expect(home.url).toBe(`${t.baseUrl}/portal/`);
    expect(home.body).toContain('rehtori@mansikkala.fi');
    expect(await lastAudit(t)).toMatchObject({
      action: 'sign-in',
      subject: 'rehtori@mansikkala.fi',
      detail: { method: 'external-oidc', secondFactor: 'totp' },
    });
  });

  it('email_verified false: refused, no session, audited', async () => {
    op.loginAs = 'ext-unverified';
    op.accounts.set('ext-unverified', { email: 'rehtori@mansikkala.fi', email_verified: false });
    const browser = new BrowserlessClient();
    const refused = await browser.get(await toCallback(t, browser));
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Kirjautuminen ei onnistunut');
    expect(refused.body).not.toContain('name="code"');
    expect(await lastAudit(t)).toMatchObject({
      action: 'sign-in-failed',
      detail: { method: 'external-oidc', why: 'external-email-unverified' },
    });
  });

  it('an unknown person and an invited person get the same refusal; nothing is created', async () => {
    const deps = {
      db: t.services.db,
      box: t.services.box,
      clock: t.services.clock,
      mailer: { send: async () => undefined },
      publicUrl: t.baseUrl,
    };
    await invitePerson(deps, {
      email: 'kutsuttu@mansikkala.fi',
      organisationId: ORG,
      role: 'education-viewer',
      invitedBy: 'test',
    });
    const bodies: string[] = [];
    for (const [sub, email, why] of [
      ['ext-unknown', 'tuntematon@mansikkala.fi', 'external-unknown'],
      ['ext-invited', 'kutsuttu@mansikkala.fi', 'external-invited'],
    ] as const) {
      op.loginAs = sub;
      op.accounts.set(sub, { email, email_verified: true });
      const browser = new BrowserlessClient();
      const refused = await browser.get(await toCallback(t, browser));
      expect(refused.status).toBe(403);
      bodies.push(refused.body);
      expect(await lastAudit(t)).toMatchObject({ action: 'sign-in-failed', subject: email, detail: { why } });
    }
    expect(bodies[0]).toBe(bodies[1]);
    const people = portalStores(t.services.db).people;
    expect(await people.findByEmail('tuntematon@mansikkala.fi')).toBeUndefined();
    expect((await people.findByEmail('kutsuttu@mansikkala.fi'))?.status).toBe('invited');
  });

  it('an answer with another state is refused', async () => {
    op.loginAs = 'ext-rehtori';
    const browser = new BrowserlessClient();
    const callback = new URL(await toCallback(t, browser));
    callback.searchParams.set('state', 'an-attackers-state-value-0123456789');
    const refused = await browser.get(callback.toString());
    expect(refused.status).toBe(403);
    expect(await lastAudit(t)).toMatchObject({
      action: 'sign-in-failed',
      detail: { why: 'external-PASSI_UPSTREAM_ANSWER_MISMATCH' },
    });
  });

  it('a replayed answer is refused, without and with the state cookie', async () => {
    op.loginAs = 'ext-rehtori';
    const browser = new BrowserlessClient();
    const host = new URL(t.baseUrl).host;
    const callback = await toCallback(t, browser);
    const stateCookie = browser.cookie(host, 'passi_portal_oidc') ?? '';
    expect(stateCookie).not.toBe('');
    expect((await browser.get(callback)).status).toBe(200);
    // The cookie is gone after the first use…
    expect(browser.cookie(host, 'passi_portal_oidc')).toBeUndefined();
    expect((await browser.get(callback)).status).toBe(403);
    expect(await lastAudit(t)).toMatchObject({ detail: { why: 'external-state-missing' } });
    // …and a copy of it does not help: the provider redeems a code once (RFC 6749 §4.1.2).
    browser.setCookie(host, 'passi_portal_oidc', stateCookie);
    expect((await browser.get(callback)).status).toBe(403);
    expect((await lastAudit(t))?.action).toBe('sign-in-failed');
  });
});

describe('portal sign-in through an external OpenID provider trusted for both factors', () => {
  let t: TestApp;
  let op: SchoolOp;
  beforeAll(async () => {
    ({ t, op } = await municipality(true));
    await activeAccount(t, 'operaattori@mansikkala.fi', 'education-viewer');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await op?.close();
  });

  it('signs in without a Passi code; the portal is one same-site click away', async () => {
    op.loginAs = 'ext-op';
    op.accounts.set('ext-op', { email: 'operaattori@mansikkala.fi', email_verified: true });
    const browser = new BrowserlessClient();
    const done = await browser.get(await toCallback(t, browser));
    expect(done.status).toBe(200);
    expect(done.body).toContain('href="/portal/"');
    const home = await browser.get(`${t.baseUrl}/portal/`);
    expect(home.status).toBe(200);
    expect(home.body).toContain('operaattori@mansikkala.fi');
    expect(await lastAudit(t)).toMatchObject({
      action: 'sign-in',
      detail: { method: 'external-oidc', secondFactor: 'external' },
    });
  });
});
