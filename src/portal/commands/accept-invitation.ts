import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { hashPassword, passwordProblem } from '../domain/password.ts';
import { hashRecoveryCode, newRecoveryCodes } from '../domain/recovery-codes.ts';
import type { PortalRole } from '../domain/roles.ts';
import { hashToken } from '../domain/secret-token.ts';
import { newTotpSecret, totpStep, totpUri } from '../domain/totp.ts';
import { PASSKEY_NAME_MAX } from '../domain/webauthn-relying-party.ts';
import type { Invitation } from '../store/invitation-store.ts';
import { type PortalDeps, portalStores, totpSealContext } from './portal-deps.ts';
import { invitationHolder, type NewPasskey, verifyNewPasskey } from './webauthn-ceremonies.ts';

export interface OpenInvitation {
  personId: string;
  email: string;
  organisationId: string;
  role: PortalRole;
  totpSecret: string;
  totpUri: string;
}

/** Why a link cannot be used; each gets its own clear page. */
export type LinkProblem = 'unknown' | 'expired' | 'used';

async function usableInvitation(deps: PortalDeps, token: string): Promise<Invitation> {
  const stores = portalStores(deps.db, deps.clock);
  const invitation = token.length <= 100 ? await stores.invitations.find(hashToken(token)) : undefined;
  const problem: LinkProblem | undefined = !invitation
    ? 'unknown'
    : invitation.usedAt
      ? 'used'
      : invitation.expiresAt.getTime() <= deps.clock.now().getTime()
        ? 'expired'
        : undefined;
  if (problem || !invitation) {
    await stores.audit.record({
      actor: 'anonymous',
      action: 'invitation-refused',
      organisationId: invitation?.organisationId,
      subject: invitation?.personId,
      detail: { problem },
    });
    fail(ErrorCodes.PORTAL_LINK_INVALID, `invitation link cannot be used: ${problem}`, {
      detail: { problem },
    });
  }
  return invitation;
}

/** The invitation page's data: who is invited, and the TOTP secret to enrol (the same on every reload). */
export async function openInvitation(deps: PortalDeps, token: string): Promise<OpenInvitation> {
  const invitation = await usableInvitation(deps, token);
  const stores = portalStores(deps.db, deps.clock);
  const person = await stores.people.findById(invitation.personId);
  if (!person) fail(ErrorCodes.PORTAL_LINK_INVALID, 'invited person no longer exists');
  const context = totpSealContext(person.id);
  const sealed =
    invitation.pendingTotpSealed ??
    (await stores.invitations.offerTotpSecret(invitation.tokenHash, deps.box.seal(newTotpSecret(), context)));
  const secret = deps.box.open(sealed, context);
  return {
    personId: person.id,
    email: person.email,
    organisationId: invitation.organisationId,
    role: invitation.role,
    totpSecret: secret,
    totpUri: totpUri(secret, person.email),
  };
}

export interface AcceptInput {
  token: string;
  displayName: string;
  password: string;
  passwordAgain: string;
  code: string;
  /** The chosen second factor; a passkey comes as the browser's RegistrationResponseJSON. */
  factor?: 'totp' | 'passkey';
  passkey?: string;
  passkeyName?: string;
  ip?: string;
}

/** A field the person must correct; the form is shown again with this message. */
export type AcceptProblem =
  | 'name'
  | 'password.tooShort'
  | 'password.tooLong'
  | 'password.isEmail'
  | 'password.mismatch'
  | 'code'
  | 'passkey';

export type AcceptResult =
  | { ok: true; email: string; recoveryCodes: string[] }
  | { ok: false; problem: AcceptProblem; invitation: OpenInvitation };

/**
 * Sets up the account from an invitation: password (argon2id) and a second factor — TOTP confirmed by a
 * code, or a passkey (WebAuthn registration) — ten recovery codes, the membership. One transaction; the invitation is used exactly once.
 */
export async function acceptInvitation(deps: PortalDeps, input: AcceptInput): Promise<AcceptResult> {
  const open = await openInvitation(deps, input.token);
  const displayName = input.displayName.trim();
  if (displayName.length < 1 || displayName.length > 200)
    return { ok: false, problem: 'name', invitation: open };
  const pw = passwordProblem(input.password, open.email);
  if (pw) return { ok: false, problem: `password.${pw}`, invitation: open };
  if (input.password !== input.passwordAgain)
    return { ok: false, problem: 'password.mismatch', invitation: open };
  const tokenHash = hashToken(input.token);
  let step: number | undefined;
  let passkey: NewPasskey | undefined;
  if (input.factor === 'passkey') {
    passkey = await verifyNewPasskey(deps, {
      holder: invitationHolder(tokenHash),
      json: input.passkey ?? '',
    });
    if (!passkey) return { ok: false, problem: 'passkey', invitation: open };
  } else {
    step = totpStep(open.totpSecret, input.code, deps.clock.now());
    if (step === undefined) return { ok: false, problem: 'code', invitation: open };
  }

  const passwordHash = await hashPassword(input.password);
  const recoveryCodes = newRecoveryCodes();
  await deps.db.transaction().execute(async (tx) => {
    const stores = portalStores(tx, deps.clock);
    const invitation = await stores.invitations.find(tokenHash, tx);
    if (!invitation || !(await stores.invitations.markUsed(tokenHash, deps.clock.now(), tx))) {
      fail(ErrorCodes.PORTAL_LINK_INVALID, 'invitation link cannot be used: used', {
        detail: { problem: 'used' },
      });
    }
    const personId = invitation.personId;
    await stores.people.activate(
      personId,
      {
        displayName,
        passwordHash,
        totpSecretSealed: passkey ? null : deps.box.seal(open.totpSecret, totpSealContext(personId)),
        totpStep: step ?? null,
      },
      tx,
    );
    if (passkey) {
      await stores.passkeys.add(
        {
          ...passkey,
          personId,
          name: input.passkeyName?.trim().slice(0, PASSKEY_NAME_MAX) || 'Passkey',
          createdAt: deps.clock.now(),
        },
        tx,
      );
    }
    await stores.people.replaceRecoveryCodes(
      personId,
      recoveryCodes.map((c) => hashRecoveryCode(personId, c)),
      tx,
    );
    await stores.people.addMembership(personId, { organisationId: open.organisationId, role: open.role }, tx);
    await stores.audit.record(
      {
        actor: personId,
        action: 'invitation-accepted',
        organisationId: open.organisationId,
        subject: open.email,
        ip: input.ip,
        detail: passkey
          ? { role: open.role, secondFactor: 'passkey', credentialId: passkey.id }
          : { role: open.role, secondFactor: 'totp' },
      },
      tx,
    );
  });
  return { ok: true, email: open.email, recoveryCodes };
}
