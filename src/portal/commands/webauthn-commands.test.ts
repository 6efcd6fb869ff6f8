import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import { hashPassword } from '../domain/password.ts';
import { hashRecoveryCode } from '../domain/recovery-codes.ts';
import { acceptInvitation } from './accept-invitation.ts';
import { invitationLinkOf, invitePerson } from './invite-person.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';
import { signIn } from './sign-in.ts';
import { passkeyRequestOptions } from './webauthn-ceremonies.ts';
import { passkeySignInOptions } from './webauthn-sign-in.ts';

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
/** An assertion as a browser would post it, answering `challenge` with credential `id` (signature not valid). */
const assertion = (id: string, challenge: string) =>
  JSON.stringify({
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON: b64url(
        JSON.stringify({ type: 'webauthn.get', challenge, origin: 'https://passi.test' }),
      ),
      authenticatorData: 'AAAA',
      signature: 'AAAA',
    },
    clientExtensionResults: {},
  });

describeEachStore('portal passkey commands', (kind: TestStoreKind) => {
  let t: TestDb;
  let deps: PortalDeps;
  const clock = fixedClock(new Date('2026-03-02T08:00:00Z'));
  const password = 'correct horse battery staple';
  const recovery = 'ABCD-EFGH-JKLM';
  beforeAll(async () => {
    t = await createTestDb(kind);
    deps = {
      db: t.db,
      box: createSecretBox(randomBytes(32)),
      clock,
      mailer: { send: async () => {} },
      publicUrl: 'https://passi.test',
    };
  });
  afterAll(() => t?.close());

  /** An active person who chose a passkey: no TOTP secret, one credential, one recovery code. */
  async function passkeyPerson(email: string, credentialId: string) {
    const stores = portalStores(t.db, clock);
    const person = await stores.people.ensureInvited(email);
    await stores.people.activate(person.id, {
      displayName: email,
      passwordHash: await hashPassword(password),
      totpSecretSealed: null,
      totpStep: null,
    });
    await stores.people.addMembership(person.id, { organisationId: 'passi', role: 'operator' });
    await stores.people.replaceRecoveryCodes(person.id, [hashRecoveryCode(person.id, recovery)]);
    await stores.passkeys.add({
      id: credentialId,
      personId: person.id,
      publicKey: 'AAAA',
      signCount: 0,
      transports: ['internal'],
      name: 'laptop',
      createdAt: clock.now(),
    });
    return person;
  }
  const lastFailure = async () =>
    (
      await t.db
        .selectFrom('portal_audit')
        .select('detail')
        .where('action', '=', 'sign-in-failed')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow()
    ).detail;

  it('passkey options need the password, list only the person’s own passkeys, and use the configured RP ID', async () => {
    await passkeyPerson('anna@example.fi', 'cred-anna');
    await passkeyPerson('bertta@example.fi', 'cred-bertta');
    const wrong = await passkeySignInOptions(deps, {
      email: 'anna@example.fi',
      password: 'nope',
      ip: '192.0.2.1',
    });
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    expect(await lastFailure()).toEqual({ why: 'password' });

    const right = await passkeySignInOptions(deps, { email: 'anna@example.fi', password, ip: '192.0.2.1' });
    if (!right.ok) throw new Error(`expected options, got ${right.reason}`);
    expect(right.options.rpId).toBe('passi.test');
    expect(right.options.userVerification).toBe('preferred');
    expect(right.options.allowCredentials?.map((c) => c.id)).toEqual(['cred-anna']);
  });

  it('a person without passkeys gets no passkey options', async () => {
    const stores = portalStores(t.db, clock);
    const person = await stores.people.ensureInvited('totp@example.fi');
    await stores.people.activate(person.id, {
      displayName: 'T',
      passwordHash: await hashPassword(password),
      totpSecretSealed: 'sealed',
      totpStep: 1,
    });
    expect(await passkeySignInOptions(deps, { email: 'totp@example.fi', password, ip: '192.0.2.2' })).toEqual(
      {
        ok: false,
        reason: 'none',
      },
    );
  });

  it("another person's challenge or credential is refused; the other person's challenge stays usable", async () => {
    const anna = await t.db
      .selectFrom('portal_person')
      .select('id')
      .where('email', '=', 'anna@example.fi')
      .executeTakeFirstOrThrow();
    const bertta = await t.db
      .selectFrom('portal_person')
      .select('id')
      .where('email', '=', 'bertta@example.fi')
      .executeTakeFirstOrThrow();
    const berttas = await passkeyRequestOptions(deps, bertta.id);
    const asAnna = { email: 'anna@example.fi', password, code: '', ip: '192.0.2.3' };

    expect(await signIn(deps, { ...asAnna, passkey: assertion('cred-bertta', berttas.challenge) })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await lastFailure()).toEqual({ why: 'passkey-challenge' });

    const annas = await passkeyRequestOptions(deps, anna.id);
    expect(
      await signIn(deps, { ...asAnna, passkey: assertion('cred-bertta', annas.challenge) }),
    ).toMatchObject({
      ok: false,
    });
    expect(await lastFailure()).toEqual({ why: 'passkey-credential' });

    // Bertta's challenge was not used up by Anna's attempt: it reaches the signature check.
    const asBertta = { email: 'bertta@example.fi', password, code: '', ip: '192.0.2.3' };
    expect(
      await signIn(deps, { ...asBertta, passkey: assertion('cred-bertta', berttas.challenge) }),
    ).toMatchObject({
      ok: false,
    });
    expect(await lastFailure()).toEqual({ why: 'passkey-signature' });

    expect(await signIn(deps, { ...asAnna, passkey: '{not json' })).toMatchObject({ ok: false });
    expect(await lastFailure()).toEqual({ why: 'passkey-unreadable' });
  });

  it('failed passkey answers count towards the lockout like any failed sign-in', async () => {
    // Anna has four failures so far (password, two passkey refusals, an unreadable answer): one more locks.
    const asAnna = { email: 'anna@example.fi', password, ip: '192.0.2.4' };
    expect(await signIn(deps, { ...asAnna, code: '', passkey: '{}' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await signIn(deps, { ...asAnna, code: recovery })).toEqual({ ok: false, reason: 'locked' });
  });

  it('a passkey person cannot use a TOTP code but can use a recovery code', async () => {
    await passkeyPerson('dora@example.fi', 'cred-dora');
    const asDora = { email: 'dora@example.fi', password, ip: '192.0.2.5' };
    expect(await signIn(deps, { ...asDora, code: '123456' })).toMatchObject({ ok: false });
    expect(await lastFailure()).toEqual({ why: 'totp-not-enrolled' });
    expect(await signIn(deps, { ...asDora, code: recovery })).toMatchObject({ ok: true });
  });

  it('set-up with an unverifiable passkey shows the form again and leaves the invitation unused', async () => {
    const { link } = invitationLinkOf(
      await invitePerson(deps, {
        email: 'cecilia@example.fi',
        organisationId: 'passi',
        role: 'operator',
        invitedBy: 'test',
      }),
    );
    const token = new URL(link).searchParams.get('token') ?? '';
    const result = await acceptInvitation(deps, {
      token,
      displayName: 'Cecilia',
      password,
      passwordAgain: password,
      code: '',
      factor: 'passkey',
      passkey: '{}',
    });
    expect(result).toMatchObject({ ok: false, problem: 'passkey' });
    const row = await t.db.selectFrom('portal_invitation').select('used_at').executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
  });
});
