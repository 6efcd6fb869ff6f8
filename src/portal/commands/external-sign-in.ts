import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, PassiError } from '../../core/errors.ts';
import type { OidcFlowState, OidcTarget } from '../../upstream/oidc/oidc-rp.ts';
import { hashRecoveryCode, normaliseRecoveryCode } from '../domain/recovery-codes.ts';
import { OPERATOR_SCOPE } from '../domain/roles.ts';
import { hashToken, newSecretToken } from '../domain/secret-token.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import { totpStep } from '../domain/totp.ts';
import type { PortalPerson } from '../store/people-store.ts';
import { type PortalDeps, portalStores, totpSealContext } from './portal-deps.ts';

/** The operator's external OpenID provider for portal sign-in (docs/portal.md "Sign-in with an external provider"). */
export interface ExternalSignInSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the sign-in button. */
  name: string;
  /** The provider's sign-in counts as both factors (its MFA policy trusted; `acr`/`amr` not checked). */
  bothFactors: boolean;
}

export const EXTERNAL_CALLBACK_PATH = '/portal/sign-in/oidc/callback';

/** What Passi asks of the provider: a code flow with PKCE, state and nonce (the RP keeps them). */
export interface ExternalRp {
  finish(
    target: OidcTarget,
    saved: OidcFlowState,
    rawQuery: string,
  ): Promise<{
    idClaims: Record<string, unknown>;
    userinfo: Record<string, unknown> | undefined;
  }>;
}

export function externalTarget(settings: ExternalSignInSettings, publicUrl: string): OidcTarget {
  return {
    key: 'portal-external-sign-in',
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    redirectUri: `${publicUrl.replace(/\/$/, '')}${EXTERNAL_CALLBACK_PATH}`,
    scopes: ['openid', 'email', 'profile'],
    userinfo: true,
  };
}

export type ExternalOutcome =
  | { kind: 'session'; sessionToken: string }
  | { kind: 'second-factor'; personId: string; email: string }
  | { kind: 'refused' };

/**
 * The provider's answer → a portal account. Only a verified e-mail address (`email_verified` exactly
 * `true`, OIDC Core §5.1) of a person who already has an active account is matched; nothing is ever created.
 * An unknown, unverified or not yet set-up address gets the same refusal, and every outcome is audited.
 */
export async function finishExternalSignIn(
  deps: PortalDeps,
  rp: ExternalRp,
  settings: ExternalSignInSettings,
  input: { saved: OidcFlowState | undefined; rawQuery: string; ip: string },
): Promise<ExternalOutcome> {
  const stores = portalStores(deps.db, deps.clock);
  const refuse = async (why: string, subject?: string): Promise<ExternalOutcome> => {
    await stores.audit.record({
      actor: 'anonymous',
      action: 'sign-in-failed',
      subject,
      ip: input.ip,
      detail: { method: 'external-oidc', why },
    });
    return { kind: 'refused' };
  };
  // No state cookie: the answer belongs to no sign-in this browser started, or it was already used.
  if (!input.saved) return refuse('external-state-missing');
  let claims: Record<string, unknown>;
  try {
    const result = await rp.finish(externalTarget(settings, deps.publicUrl), input.saved, input.rawQuery);
    // The ID token's claims win over userinfo (openid-client checked that userinfo's `sub` is the same).
    claims = { ...(result.userinfo ?? {}), ...result.idClaims };
  } catch (e) {
    if (e instanceof PassiError) return refuse(`external-${e.code}`);
    throw e;
  }
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase().slice(0, 254) : '';
  if (!email) return refuse('external-no-email');
  if (claims.email_verified !== true) return refuse('external-email-unverified', email);
  const person = await stores.people.findByEmail(email);
  if (!person) return refuse('external-unknown', email);
  // An invited person first sets up the account with the invitation link (password and second factor):
  // the invitation's single-use link, not the provider, decides who holds the account.
  if (person.status !== 'active') return refuse(`external-${person.status}`, email);
  if (!settings.bothFactors) return { kind: 'second-factor', personId: person.id, email };
  const sessionToken = await startSession(deps, person, email, input.ip, 'external');
  return sessionToken ? { kind: 'session', sessionToken } : refuse('no-role', email);
}

/**
 * The second step when the provider does not count as both factors: the person's own Passi code (TOTP or
 * a recovery code), with the same lockout as the password sign-in (failures counted per address and per
 * client in the audit trail).
 */
export async function completeExternalSecondFactor(
  deps: PortalDeps,
  input: { personId: string; email: string; code: string; ip: string },
): Promise<{ ok: true; sessionToken: string } | { ok: false; reason: 'invalid' | 'locked' }> {
  const stores = portalStores(deps.db, deps.clock);
  const now = deps.clock.now();
  const since = new Date(now.getTime() - SESSION_POLICY.windowMs);
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
      detail: { method: 'external-oidc', byAccount, byClient },
    });
    return { ok: false, reason: 'locked' };
  }
  const failed = async (why: string) => {
    await stores.audit.record({
      actor: 'anonymous',
      action: 'sign-in-failed',
      subject: input.email,
      ip: input.ip,
      detail: { method: 'external-oidc', why },
    });
    return { ok: false as const, reason: 'invalid' as const };
  };
  const person = await stores.people.findById(input.personId);
  if (person?.status !== 'active' || person.email !== input.email) return failed('person-changed');
  const code = input.code.trim();
  let factor: 'totp' | 'recovery-code';
  if (/^\d{3}\s?\d{3}$/.test(code)) {
    if (!person.totpSecretSealed) return failed('totp-not-enrolled');
    const step = totpStep(deps.box.open(person.totpSecretSealed, totpSealContext(person.id)), code, now);
    if (step === undefined) return failed('totp');
    if (!(await stores.people.useTotpStep(person.id, step))) return failed('totp-reused');
    factor = 'totp';
  } else {
    const normalised = normaliseRecoveryCode(code);
    if (!normalised) return failed('second-factor-missing');
    if (!(await stores.people.useRecoveryCode(person.id, hashRecoveryCode(person.id, normalised), now)))
      return failed('recovery-code');
    factor = 'recovery-code';
  }
  const sessionToken = await startSession(deps, person, input.email, input.ip, factor);
  return sessionToken ? { ok: true, sessionToken } : failed('no-role');
}

/** A session in the person's operator role, else their first membership (as the password sign-in does). */
async function startSession(
  deps: PortalDeps,
  person: PortalPerson,
  email: string,
  ip: string,
  secondFactor: 'external' | 'totp' | 'recovery-code',
): Promise<string | undefined> {
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
    subject: email,
    ip,
    detail: { role: membership.role, method: 'external-oidc', secondFactor },
  });
  return sessionToken;
}

/**
 * The settings from the configuration (docs/configuration.md `PASSI_PORTAL_OIDC_*`): none without an
 * issuer; with one, all four values are needed, and production needs an https issuer.
 */
export function externalSignInSettings(config: {
  mode: string;
  portalOidcIssuer?: string;
  portalOidcClientId?: string;
  portalOidcClientSecret?: string;
  portalOidcName?: string;
  portalOidcBothFactors: boolean;
}): ExternalSignInSettings | undefined {
  const { portalOidcIssuer: issuer, portalOidcClientId: clientId } = config;
  const { portalOidcClientSecret: clientSecret, portalOidcName: name } = config;
  if (!issuer) return undefined;
  if (!clientId || !clientSecret || !name)
    fail(
      ErrorCodes.CONFIG_INVALID,
      'PASSI_PORTAL_OIDC_ISSUER needs PASSI_PORTAL_OIDC_CLIENT_ID, PASSI_PORTAL_OIDC_CLIENT_SECRET and PASSI_PORTAL_OIDC_NAME',
    );
  if (config.mode === 'production' && !issuer.startsWith('https:'))
    fail(ErrorCodes.CONFIG_INVALID, 'PASSI_PORTAL_OIDC_ISSUER must be https:// in production mode');
  return { issuer, clientId, clientSecret, name, bothFactors: config.portalOidcBothFactors };
}
