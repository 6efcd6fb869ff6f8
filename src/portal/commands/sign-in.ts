import { decoyHash, verifyPassword } from '../domain/password.ts';
import { hashRecoveryCode, normaliseRecoveryCode } from '../domain/recovery-codes.ts';
import { OPERATOR_SCOPE } from '../domain/roles.ts';
import { hashToken, newSecretToken } from '../domain/secret-token.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import { totpStep } from '../domain/totp.ts';
import type { Membership, PortalPerson } from '../store/people-store.ts';
import { type PortalDeps, portalStores, totpSealContext } from './portal-deps.ts';
import { verifyPasskeyAssertion } from './webauthn-ceremonies.ts';

export interface SignInInput {
  email: string;
  password: string;
  /** A TOTP code, or a recovery code. */
  code: string;
  /** A passkey assertion (WebAuthn AuthenticationResponseJSON), instead of a code. */
  passkey?: string;
  ip: string;
}

export type SignInResult =
  | { ok: true; sessionToken: string; personId: string; membership: Membership }
  | { ok: false; reason: 'invalid' | 'locked' };

/**
 * Password and second factor (a passkey, TOTP or a recovery code). Every attempt is audited; a failure says only
 * "wrong", never which part or whether the address exists. After SESSION_POLICY.failuresPerAccount
 * failures for one address (known or not) or failuresPerClient from one client address within the window,
 * sign-in is refused for the window: counted from the audit trail, so every node sees the same count.
 */
export async function signIn(deps: PortalDeps, input: SignInInput): Promise<SignInResult> {
  const checked = await verifyCredentials(deps, input);
  if (!checked.ok) return checked;
  const { person, email, failed } = checked;
  const stores = portalStores(deps.db, deps.clock);
  const now = deps.clock.now();
  const memberships = await stores.people.memberships(person.id);
  const membership = memberships.find((m) => m.organisationId === OPERATOR_SCOPE) ?? memberships[0];
  if (!membership) return failed('no-role');

  const sessionToken = newSecretToken();
  await stores.sessions.create({
    idHash: hashToken(sessionToken),
    personId: person.id,
    organisationId: membership.organisationId,
    role: membership.role,
    csrfToken: newSecretToken(),
    createdAt: now,
    lastSeenAt: now,
    authenticatedAt: now,
    expiresAt: new Date(now.getTime() + SESSION_POLICY.absoluteMs),
  });
  await stores.audit.record({
    actor: person.id,
    action: 'sign-in',
    organisationId: membership.organisationId,
    subject: email,
    ip: input.ip,
    detail: { role: membership.role, secondFactor: checked.secondFactor },
  });
  return { ok: true, sessionToken, personId: person.id, membership };
}

type Failed = (why: string) => Promise<{ ok: false; reason: 'invalid' }>;

/**
 * Password and second factor (a passkey, TOTP or a recovery code) of an address, after the lockout check;
 * every failure is audited. Used by sign-in and by the fresh sign-in that sensitive actions ask for.
 */
export async function verifyCredentials(
  deps: PortalDeps,
  input: SignInInput,
): Promise<
  | {
      ok: true;
      person: PortalPerson;
      email: string;
      secondFactor: 'totp' | 'recovery-code' | 'passkey';
      failed: Failed;
    }
  | { ok: false; reason: 'invalid' | 'locked' }
> {
  const checked = await checkPassword(deps, input);
  if (!checked.ok) return checked;
  const { person, email, failed } = checked;
  const stores = portalStores(deps.db, deps.clock);
  const now = deps.clock.now();

  if (input.passkey) {
    // A passkey answer (docs/portal.md "Passkeys"): checked against this person's own credentials.
    const assertion = await verifyPasskeyAssertion(deps, { personId: person.id, json: input.passkey });
    if (!assertion.ok) return failed(`passkey-${assertion.problem}`);
    return { ok: true, person, email, secondFactor: 'passkey', failed };
  }
  const code = input.code.trim();
  if (/^\d{3}\s?\d{3}$/.test(code)) {
    if (!person.totpSecretSealed) return failed('totp-not-enrolled');
    const secret = deps.box.open(person.totpSecretSealed, totpSealContext(person.id));
    const step = totpStep(secret, code, now);
    if (step === undefined) return failed('totp');
    if (!(await stores.people.useTotpStep(person.id, step))) return failed('totp-reused');
    return { ok: true, person, email, secondFactor: 'totp', failed };
  }
  const normalised = normaliseRecoveryCode(code);
  if (!normalised) return failed('second-factor-missing');
  if (!(await stores.people.useRecoveryCode(person.id, hashRecoveryCode(person.id, normalised), now)))
    return failed('recovery-code');
  return { ok: true, person, email, secondFactor: 'recovery-code', failed };
}

export type PasswordCheck =
  | { ok: true; person: PortalPerson; email: string; failed: Failed }
  | { ok: false; reason: 'invalid' | 'locked' };

/**
 * The first step of every sign-in: the lockout count, then the password of an active person. Used by
 * verifyCredentials and before a passkey challenge is handed out, so both count towards the lockout.
 */
export async function checkPassword(
  deps: PortalDeps,
  input: { email: string; password: string; ip: string },
): Promise<PasswordCheck> {
  const stores = portalStores(deps.db, deps.clock);
  const now = deps.clock.now();
  const email = input.email.trim().toLowerCase().slice(0, 254);
  const since = new Date(now.getTime() - SESSION_POLICY.windowMs);
  const [byAccount, byClient] = await Promise.all([
    stores.audit.countSince('sign-in-failed', { subject: email }, since),
    stores.audit.countSince('sign-in-failed', { ip: input.ip }, since),
  ]);
  if (byAccount >= SESSION_POLICY.failuresPerAccount || byClient >= SESSION_POLICY.failuresPerClient) {
    await stores.audit.record({
      actor: 'anonymous',
      action: 'sign-in-locked',
      subject: email,
      ip: input.ip,
      detail: { byAccount, byClient },
    });
    return { ok: false, reason: 'locked' };
  }
  const failed: Failed = async (why) => {
    await stores.audit.record({
      actor: 'anonymous',
      action: 'sign-in-failed',
      subject: email,
      ip: input.ip,
      detail: { why },
    });
    return { ok: false, reason: 'invalid' };
  };

  const person = await stores.people.findByEmail(email);
  const passwordOk = await verifyPassword(person?.passwordHash ?? (await decoyHash()), input.password);
  if (person?.status !== 'active') return failed('unknown-or-inactive');
  if (!passwordOk) return failed('password');
  return { ok: true, person, email, failed };
}
