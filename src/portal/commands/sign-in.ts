import { decoyHash, verifyPassword } from '../domain/password.ts';
import type { Membership, PortalPerson } from '../store/people-store.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';
import { checkCode, type Failed, lockoutGate, openSession } from './sign-in-steps.ts';
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
  const opened = await openSession(deps, person, {
    email,
    ip: input.ip,
    detail: { secondFactor: checked.secondFactor },
  });
  if (!opened) return failed('no-role');
  const { sessionToken, membership } = opened;
  return { ok: true, sessionToken, personId: person.id, membership };
}

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
  if (input.passkey) {
    // A passkey answer (docs/portal.md "Passkeys"): checked against this person's own credentials.
    const assertion = await verifyPasskeyAssertion(deps, { personId: person.id, json: input.passkey });
    if (!assertion.ok) return failed(`passkey-${assertion.problem}`);
    return { ok: true, person, email, secondFactor: 'passkey', failed };
  }
  const code = await checkCode(deps, person, input.code, failed);
  if (!code.ok) return code;
  return { ok: true, person, email, secondFactor: code.factor, failed };
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
  const email = input.email.trim().toLowerCase().slice(0, 254);
  const gate = await lockoutGate(deps, { email, ip: input.ip });
  if (gate.locked) return { ok: false, reason: 'locked' };
  const { failed } = gate;

  const person = await stores.people.findByEmail(email);
  const passwordOk = await verifyPassword(person?.passwordHash ?? (await decoyHash()), input.password);
  if (person?.status !== 'active') return failed('unknown-or-inactive');
  if (!passwordOk) return failed('password');
  return { ok: true, person, email, failed };
}
