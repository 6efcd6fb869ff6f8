import { interactionPolicy, type KoaContextWithOIDC, type Policy } from 'oidc-provider';
import type { SessionStore } from '../../core/flow/session-state.ts';
import type { GrantInRequest } from './grant-in-request.ts';
import { AUTHN_SOURCE_PREFIX } from './login-request-from-params.ts';
import { releaseInUse } from './oidc-claims.ts';
import type { ReleasedAccounts } from './released-accounts.ts';

interface LoginPolicyDeps {
  accounts: ReleasedAccounts;
  sessions: SessionStore;
  /** The grant in use, read once per request. */
  grants: GrantInRequest;
}

/**
 * oidc-provider's default prompts plus one login check that keeps its session subordinate to Passi's:
 * the OP session is reused for a client only while the user's Passi SSO session lives (so logout
 * anywhere, or SSO switched off, ends it), only for a client Passi released data to at a login in this
 * OP session (that login's grant; data are resolved per service: a test learner id may be refused by one
 * service and not another), and only when the service's `acr_values` hint names the school used
 * (docs/registry.md). Otherwise the login
 * prompt goes to Passi's interaction, where the login flow decides; with prompt=none that is
 * `login_required` (OIDC Core §3.1.2.6).
 */
export function createLoginPolicy(deps: LoginPolicyDeps): Policy {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider base policy has no login prompt');
  login.checks.add(
    new interactionPolicy.Check(
      'passi_session',
      'End-User authentication is required',
      'login_required',
      (ctx) => needsPassiLogin(ctx, deps),
    ),
  );
  return policy;
}

async function needsPassiLogin(ctx: KoaContextWithOIDC, deps: LoginPolicyDeps): Promise<boolean> {
  const { oidc } = ctx;
  // Just back from Passi's login: that login is the authentication.
  if (oidc.result?.login) return false;
  const uid = oidc.session?.accountId;
  const clientId = oidc.client?.clientId;
  if (!uid || !clientId) return false; // `no_session` asks for the login
  const account = await releaseInUse(ctx, clientId, uid, deps.accounts, deps.grants);
  if (!account?.passiSessionId) return true;
  if (!(await deps.sessions.get(account.passiSessionId))) return true;
  const acrValues = typeof oidc.params?.acr_values === 'string' ? oidc.params.acr_values.split(' ') : [];
  const sources = acrValues.filter((v) => v.startsWith(AUTHN_SOURCE_PREFIX));
  return sources.length > 0 && !sources.includes(account.acr);
}
