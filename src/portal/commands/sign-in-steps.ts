import { hashRecoveryCode, normaliseRecoveryCode } from '../domain/recovery-codes.ts';
import { OPERATOR_SCOPE } from '../domain/roles.ts';
import { hashToken, newSecretToken } from '../domain/secret-token.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import { totpStep } from '../domain/totp.ts';
import type { Membership, PortalPerson } from '../store/people-store.ts';
import { type PortalDeps, portalStores, totpSealContext } from './portal-deps.ts';

/** Records a failed attempt (audited with why) and answers only "invalid", never which part was wrong. */
export type Failed = (why: string) => Promise<{ ok: false; reason: 'invalid' }>;

/**
 * The lockout shared by every way of signing in (OWASP Authentication Cheat Sheet "Account Lockout"):
 * after SESSION_POLICY.failuresPerAccount failures for one address (known or not) or failuresPerClient
 * from one client address within the window, sign-in is refused for the window. Counted from the audit
 * trail, so every node sees the same count. `method` marks the attempts of another sign-in method.
 */
export async function lockoutGate(
  deps: PortalDeps,
  input: { email: string; ip: string; method?: string },
): Promise<{ locked: true } | { locked: false; failed: Failed }> {
  const stores = portalStores(deps.db, deps.clock);
  const method = input.method ? { method: input.method } : {};
  const since = new Date(deps.clock.now().getTime() - SESSION_POLICY.windowMs);
  const [byAccount, byClient] = await Promise.all([
    stores.audit.countSince('sign-in-failed', { subject: input.email }, since),
    stores.audit.countSince('sign-in-failed', { ip: input.ip }, since),
  ]);
  if (byAccount >= SESSION_POLICY.failuresPerAccount || byClient >= SESSION_POLICY.failuresPerClient) {
    await stores.audit.record({
      actor: 'anonymous',
      action: 'sign-in-locked',
      subject: input.email,
      ip: input.ip,
      detail: { ...method, byAccount, byClient },
    });
    return { locked: true };
  }
  const failed: Failed = async (why) => {
    await stores.audit.record({
      actor: 'anonymous',
      action: 'sign-in-failed',
      subject: input.email,
      ip: input.ip,
      detail: { ...method, why },
    });
    return { ok: false, reason: 'invalid' };
  };
  return { locked: false, failed };
}

/**
 * A code as the second factor: six digits are the authenticator app's TOTP code (RFC 6238; each time
 * step accepted once), anything else a single-use recovery code.
 */
export async function checkCode(
  deps: PortalDeps,
  person: PortalPerson,
  input: string,
  failed: Failed,
): Promise<{ ok: true; factor: 'totp' | 'recovery-code' } | { ok: false; reason: 'invalid' }> {
  const stores = portalStores(deps.db, deps.clock);
  const now = deps.clock.now();
  const code = input.trim();
  if (/^\d{3}\s?\d{3}$/.test(code)) {
    if (!person.totpSecretSealed) return failed('totp-not-enrolled');
    const secret = deps.box.open(person.totpSecretSealed, totpSealContext(person.id));
    const step = totpStep(secret, code, now);
    if (step === undefined) return failed('totp');
    if (!(await stores.people.useTotpStep(person.id, step))) return failed('totp-reused');
    return { ok: true, factor: 'totp' };
  }
  const normalised = normaliseRecoveryCode(code);
  if (!normalised) return failed('second-factor-missing');
  if (!(await stores.people.useRecoveryCode(person.id, hashRecoveryCode(person.id, normalised), now)))
    return failed('recovery-code');
  return { ok: true, factor: 'recovery-code' };
}

/**
 * A new portal session after a complete sign-in, in the person's operator role, else their first
 * membership; audited with how the person signed in. None when the person has no role anywhere.
 */
export async function openSession(
  deps: PortalDeps,
  person: PortalPerson,
  input: { email: string; ip: string; detail: Record<string, unknown> },
): Promise<{ sessionToken: string; membership: Membership } | undefined> {
  const stores = portalStores(deps.db, deps.clock);
  const memberships = await stores.people.memberships(person.id);
  const membership = memberships.find((m) => m.organisationId === OPERATOR_SCOPE) ?? memberships[0];
  if (!membership) return undefined;
  const now = deps.clock.now();
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
    subject: input.email,
    ip: input.ip,
    detail: { role: membership.role, ...input.detail },
  });
  return { sessionToken, membership };
}
