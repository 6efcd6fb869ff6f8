import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, PassiError } from '../../core/errors.ts';
import type { OidcFlowState, OidcTarget } from '../../upstream/oidc/oidc-rp.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';
import { checkCode, lockoutGate, openSession } from './sign-in-steps.ts';

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
  const opened = await openSession(deps, person, {
    email,
    ip: input.ip,
    detail: { method: 'external-oidc', secondFactor: 'external' },
  });
  return opened ? { kind: 'session', sessionToken: opened.sessionToken } : refuse('no-role', email);
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
  const gate = await lockoutGate(deps, { email: input.email, ip: input.ip, method: 'external-oidc' });
  if (gate.locked) return { ok: false, reason: 'locked' };
  const { failed } = gate;
  const person = await portalStores(deps.db, deps.clock).people.findById(input.personId);
  if (person?.status !== 'active' || person.email !== input.email) return failed('person-changed');
  const code = await checkCode(deps, person, input.code, failed);
  if (!code.ok) return code;
  const opened = await openSession(deps, person, {
    email: input.email,
    ip: input.ip,
    detail: { method: 'external-oidc', secondFactor: code.factor },
  });
  return opened ? { ok: true, sessionToken: opened.sessionToken } : failed('no-role');
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
