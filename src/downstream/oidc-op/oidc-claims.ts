import type { Account, KoaContextWithOIDC } from 'oidc-provider';
import { ATTRIBUTE_CATALOGUE } from '../../model/attribute-catalogue.ts';
import { LOGIN_REPORT_HANDLE_URI } from '../../model/login-report-handle.ts';
import type { GrantInRequest } from './grant-in-request.ts';
import type { ReleasedAccount, ReleasedAccounts } from './released-accounts.ts';

/** Scopes offered (https://wiki.eduuni.fi/display/OPHPALV/Connecting+a+service: `openid profile` is the MPASSid scope). */
export const SCOPES = ['openid', 'profile'] as const;

/**
 * Claims per scope. `profile` carries the whole MPASSid data model under its claim names
 * (attribute-catalogue.ts: `given_name`, `family_name`, `urn:mpass.id:*`, `urn:oid:*`).
 *
 * Where they appear (OIDC Core §5.4, oidc-provider `conformIdTokenClaims`): claims asked for by scope
 * are returned at the userinfo endpoint, since the code flow always issues an access token; the ID token
 * carries `sub`, `acr`, `sid` (`auth_time` when max_age or prompt=login asked) and whatever the `claims` parameter asks for in `id_token`
 * (OIDC Core §5.5).
 */
export function claimsConfiguration(): Record<string, string[] | null> {
  return {
    auth_time: null,
    sid: null,
    // Only the built-in test service has a value, and only in the ID token it asks for it in.
    [LOGIN_REPORT_HANDLE_URI]: null,
    // `acr` with `openid`, so every ID token says which school authenticated the user, not
    // only when acr_values or the claims parameter asked (oidc-provider omits unrequested standalone claims).
    openid: ['sub', 'acr'],
    profile: ATTRIBUTE_CATALOGUE.map((e) => e.oidcClaim),
  };
}

/** The granted scope: what was asked for, of the offered scopes. */
export function grantedScope(scope: unknown): string {
  const asked = typeof scope === 'string' ? scope.split(' ') : [];
  return SCOPES.filter((s) => asked.includes(s)).join(' ');
}

/** Claim names asked for in the `claims` parameter (OIDC Core §5.5), for the grant. */
export function requestedClaimNames(claims: unknown): string[] {
  if (typeof claims !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(claims);
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object') return [];
  const names = new Set<string>();
  for (const member of ['userinfo', 'id_token'] as const) {
    const requested: unknown = Reflect.get(parsed, member);
    if (requested && typeof requested === 'object')
      for (const name of Object.keys(requested)) names.add(name);
  }
  return [...names];
}

/**
 * `findAccount`: the account is the user's uid; what is released is what Passi resolved for this client at
 * the login whose grant is in use (released-accounts.ts): the token's grant at the token and userinfo
 * endpoints, and at the authorization endpoint the grant oidc-provider's `loadExistingGrant` picks.
 * `sub` is the uid here; oidc-provider turns it into the pairwise value for pairwise clients
 * (pairwise-subject.ts).
 */
export function createFindAccount(accounts: ReleasedAccounts, grants: GrantInRequest) {
  return async (
    ctx: KoaContextWithOIDC,
    accountId: string,
    token?: { clientId?: unknown; grantId?: unknown },
  ): Promise<Account | undefined> => {
    const clientId = typeof token?.clientId === 'string' ? token.clientId : ctx.oidc.client?.clientId;
    if (!clientId) return undefined;
    const account = token
      ? // At the token endpoint oidc-provider has read the code's grant already (grants/authorization_code.js).
        await accounts.find(stringOrUndefined(token.grantId), clientId, accountId, ctx.oidc.grant)
      : await releaseInUse(ctx, clientId, accountId, accounts, grants);
    if (!account) return undefined;
    return { accountId, claims: () => ({ ...account.claims, sub: account.uid }) };
  };
}

/**
 * At the authorization endpoint: the release in the grant this request goes on to use, read once for the
 * whole request (grant-in-request.ts).
 */
export async function releaseInUse(
  ctx: KoaContextWithOIDC,
  clientId: string,
  uid: string,
  accounts: ReleasedAccounts,
  grants: GrantInRequest,
): Promise<ReleasedAccount | undefined> {
  const grantId = grantInUse(ctx, clientId);
  const grant = grantId ? await grants(ctx, grantId) : undefined;
  return grant ? accounts.find(grantId, clientId, uid, grant) : undefined;
}

/** The grant oidc-provider uses at the authorization endpoint (defaults.js `loadExistingGrant`). */
export function grantInUse(ctx: KoaContextWithOIDC, clientId: string): string | undefined {
  return stringOrUndefined(ctx.oidc.result?.consent?.grantId) || ctx.oidc.session?.grantIdFor(clientId);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
