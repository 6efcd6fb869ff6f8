import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import { acceptInvitation, openInvitation } from './accept-invitation.ts';
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { invitationLinkOf, invitePerson } from './invite-person.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';
import { signIn } from './sign-in.ts';

/** What the person's authenticator app shows at `at` (RFC 6238, computed independently of Passi). */
const codeAt = (secret: string, at: Date) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });

describeEachStore('portal invitations and sign-in', (kind: TestStoreKind) => {
  let t: TestDb;
  let deps: PortalDeps;
  const sent: MailMessage[] = [];
  const clock = fixedClock(new Date('2026-03-02T08:00:00Z'));
  const mailer: Mailer = { send: async (m) => void sent.push(m) };
  beforeAll(async () => {
    t = await createTestDb(kind);
    deps = {
      db: t.db,
      box: createSecretBox(randomBytes(32)),
      clock,
      mailer,
      publicUrl: 'https://passi.test',
    };
  });
  afterAll(() => t?.close());

  const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';
  const password = 'correct horse battery staple';

  async function invited(email: string) {
    const { link } = invitationLinkOf(
      await invitePerson(deps, {
        email,
        organisationId: '1.2.246.562.10.1',
        role: 'education-main',
        invitedBy: 'test',
      }),
    );
    return tokenOf(link);
  }

  async function activated(email: string) {
    const token = await invited(email);
    const open = await openInvitation(deps, token);
    const result = await acceptInvitation(deps, {
      token,
      displayName: 'Maija Meikäläinen',
      password,
      passwordAgain: password,
      code: codeAt(open.totpSecret, clock.now()),
    });
    if (!result.ok) throw new Error(`accept failed: ${result.problem}`);
    return { secret: open.totpSecret, recoveryCodes: result.recoveryCodes };
  }

  it('an invitation e-mails a single-use link whose token is stored only as a hash', async () => {
    const token = await invited('Anna@Example.FI');
    const mail = sent.at(-1);
    expect(mail?.to).toBe('anna@example.fi');
    expect(mail?.text).toContain(token);
    const rows = await t.db.selectFrom('portal_invitation').selectAll().execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('accepting sets password and TOTP, makes the membership, and the link cannot be used again', async () => {
    const token = await invited('bertta@example.fi');
    const open = await openInvitation(deps, token);
    expect((await openInvitation(deps, token)).totpSecret).toBe(open.totpSecret);
    const wrongCode = await acceptInvitation(deps, {
      token,
      displayName: 'Bertta',
      password,
      passwordAgain: password,
      code: '000000',
    });
    expect(wrongCode).toMatchObject({ ok: false, problem: 'code' });
    const short = await acceptInvitation(deps, {
      token,
      displayName: 'Bertta',
      password: 'short',
      passwordAgain: 'short',
      code: codeAt(open.totpSecret, clock.now()),
    });
    expect(short).toMatchObject({ ok: false, problem: 'password.tooShort' });
    const ok = await acceptInvitation(deps, {
      token,
      displayName: 'Bertta',
      password,
      passwordAgain: password,
      code: codeAt(open.totpSecret, clock.now()),
    });
    expect(ok).toMatchObject({ ok: true, email: 'bertta@example.fi' });
    if (!ok.ok) return;
    expect(ok.recoveryCodes).toHaveLength(10);
    const person = await portalStores(t.db).people.findByEmail('bertta@example.fi');
    expect(person?.status).toBe('active');
    expect(person?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(person?.totpSecretSealed).not.toContain(open.totpSecret);
    expect(await portalStores(t.db).people.memberships(person?.id ?? '')).toEqual([
      { organisationId: '1.2.246.562.10.1', role: 'education-main' },
    ]);
    await expect(openInvitation(deps, token)).rejects.toMatchObject({
      code: 'PASSI_PORTAL_LINK_INVALID',
      detail: { problem: 'used' },
    });
  });

  it('an expired or forged link is refused with its reason, and audited', async () => {
    const token = await invited('cecilia@example.fi');
    clock.advance(SESSION_POLICY.invitationTtlMs + 1000);
    await expect(openInvitation(deps, token)).rejects.toMatchObject({ detail: { problem: 'expired' } });
    await expect(openInvitation(deps, 'forged-token')).rejects.toMatchObject({
      detail: { problem: 'unknown' },
    });
    const refused = await portalStores(t.db).audit.list({ limit: 5 });
    expect(refused.filter((r) => r.action === 'invitation-refused').length).toBeGreaterThanOrEqual(2);
  });

  it('sign-in needs password and a fresh TOTP code; a code works once; failures are audited', async () => {
    const { secret } = await activated('daniel@example.fi');
    clock.advance(60_000);
    const code = codeAt(secret, clock.now());
    const wrongPassword = await signIn(deps, {
      email: 'daniel@example.fi',
      password: 'nope',
      code,
      ip: '192.0.2.1',
    });
    expect(wrongPassword).toEqual({ ok: false, reason: 'invalid' });
    const ok = await signIn(deps, { email: 'Daniel@example.fi', password, code, ip: '192.0.2.1' });
    expect(ok).toMatchObject({ ok: true, membership: { role: 'education-main' } });
    const replay = await signIn(deps, { email: 'daniel@example.fi', password, code, ip: '192.0.2.1' });
    expect(replay).toEqual({ ok: false, reason: 'invalid' });
    const actions = (await portalStores(t.db).audit.list({ limit: 3 })).map((r) => r.action);
    expect(actions).toEqual(['sign-in-failed', 'sign-in', 'sign-in-failed']);
  });

  it('a recovery code signs in once', async () => {
    const { recoveryCodes } = await activated('eero@example.fi');
    const code = (recoveryCodes[0] ?? '').toLowerCase().replaceAll('-', ' ');
    const first = await signIn(deps, { email: 'eero@example.fi', password, code, ip: '192.0.2.2' });
    expect(first.ok).toBe(true);
    const again = await signIn(deps, { email: 'eero@example.fi', password, code, ip: '192.0.2.2' });
    expect(again.ok).toBe(false);
  });

  it('locks an address after five failures within 15 minutes, the same for unknown addresses', async () => {
    const { secret } = await activated('frida@example.fi');
    for (const email of ['frida@example.fi', 'nobody@example.fi']) {
      for (let i = 0; i < SESSION_POLICY.failuresPerAccount; i++) {
        const r = await signIn(deps, { email, password: 'wrong', code: '123456', ip: `198.51.100.${i}` });
        expect(r).toEqual({ ok: false, reason: 'invalid' });
      }
      const locked = await signIn(deps, {
        email,
        password,
        code: codeAt(secret, clock.now()),
        ip: '198.51.100.99',
      });
      expect(locked).toEqual({ ok: false, reason: 'locked' });
    }
    clock.advance(SESSION_POLICY.windowMs + 1000);
    const after = await signIn(deps, {
      email: 'frida@example.fi',
      password,
      code: codeAt(secret, clock.now()),
      ip: '198.51.100.99',
    });
    expect(after.ok).toBe(true);
  });

  it('API tokens: need a fresh session sign-in, carry one organisation and role, expire and revoke', async () => {
    const { secret } = await activated('gustav@example.fi');
    clock.advance(60_000);
    const signedIn = await signIn(deps, {
      email: 'gustav@example.fi',
      password,
      code: codeAt(secret, clock.now()),
      ip: '192.0.2.7',
    });
    if (!signedIn.ok) throw new Error('sign-in failed');
    const principal = {
      personId: signedIn.personId,
      email: 'gustav@example.fi',
      displayName: 'Gustav',
      organisationId: signedIn.membership.organisationId,
      role: signedIn.membership.role,
      via: 'session' as const,
      authenticatedAt: clock.now(),
    };
    const { token, info } = await createApiToken(
      deps,
      principal,
      { name: 'ci', expiresInDays: 2 },
      '192.0.2.7',
    );
    expect(await authenticateApiToken(deps, token, '192.0.2.7')).toMatchObject({
      personId: signedIn.personId,
      organisationId: '1.2.246.562.10.1',
      role: 'education-main',
      via: 'token',
    });
    expect((await listApiTokens(deps, principal)).map((x) => x.id)).toEqual([info.id]);

    clock.advance(11 * 60_000);
    await expect(
      createApiToken(deps, principal, { name: 'late', expiresInDays: 1 }, 'x'),
    ).rejects.toMatchObject({
      code: 'PASSI_PORTAL_SIGN_IN_REQUIRED',
    });
    await expect(
      createApiToken(deps, { ...principal, via: 'token' }, { name: 'chain', expiresInDays: 1 }, 'x'),
    ).rejects.toMatchObject({ code: 'PASSI_PORTAL_FORBIDDEN' });

    clock.advance(2 * 86_400_000);
    await expect(authenticateApiToken(deps, token, 'x')).rejects.toMatchObject({
      code: 'PASSI_PORTAL_SIGN_IN_REQUIRED',
    });
    await revokeApiToken(deps, principal, info.id, 'x');
    await expect(revokeApiToken(deps, principal, info.id, 'x')).rejects.toMatchObject({
      code: 'PASSI_NOT_FOUND',
    });
    const audit = (await portalStores(t.db).audit.list({ limit: 2 })).map((r) => [
      r.action,
      r.detail?.problem,
    ]);
    expect(audit).toEqual([
      ['api-token-revoked', undefined],
      ['api-token-refused', 'expired'],
    ]);
  });
});
