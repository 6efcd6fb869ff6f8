import type { GrantModel, KoaContextWithOIDC } from 'oidc-provider';

/** Reads the grant `grantId` through oidc-provider's own model, at most once in the request `ctx`. */
export type GrantInRequest = (ctx: KoaContextWithOIDC, grantId: string) => Promise<GrantModel | undefined>;

/**
 * The grant in use, read once per request. At the authorization endpoint oidc-provider asks for the same
 * grant up to three times in one request: `findAccount` (its `loadAccount` step) needs the release Passi
 * keeps in it (released-accounts.ts), Passi's login check needs it on a reused session (login-policy.ts),
 * and `loadExistingGrant` (its `loadGrant` step) hands it to the rest of the request. On PostgreSQL each
 * read was a statement. All of them now share one read through oidc-provider's `Grant.find`, which checks
 * what a stored grant must be before it is used (models/base_model.js), for the length of the request
 * only: the next request, on this node or another, reads the store again.
 */
export function grantInRequest(): GrantInRequest {
  const read = new WeakMap<KoaContextWithOIDC, Map<string, Promise<GrantModel | undefined>>>();
  return (ctx, grantId) => {
    let byId = read.get(ctx);
    if (!byId) {
      byId = new Map();
      read.set(ctx, byId);
    }
    let grant = byId.get(grantId);
    if (!grant) {
      const { provider } = ctx.oidc;
      if (!provider) return Promise.reject(new Error('no oidc-provider in this request'));
      grant = provider.Grant.find(grantId);
      byId.set(grantId, grant);
    }
    return grant;
  };
}
