import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../store/database.ts';
import { OidcArtifactAdapter } from '../../store/state/oidc-adapter.ts';
import type { OidcArtifactCache } from '../../store/state/oidc-artifact-cache.ts';

/**
 * What Passi released to one client for one user at their latest login: what `findAccount` needs at the
 * authorization, token and userinfo endpoints on any node (docs/architecture.md "State and scale": the broker has no
 * user database; findAccount reads from the login). Kept in `oidc_artifact` as model `PassiAccount`.
 */
export interface ReleasedAccount {
  /** `urn:mpass.id:uid`: the oidc-provider accountId and the input of `sub`. */
  uid: string;
  clientId: string;
  serviceId: string;
  /** Data-model claims (render-oidc-claims.ts). */
  claims: Record<string, string | string[]>;
  /** `urn:mpass.id:authnsource:<flowName>` actually used. */
  acr: string;
  /** Passi's SSO session the login belongs to; absent when SSO sessions are off. */
  passiSessionId?: string;
}

export interface ReleasedAccounts {
  save(account: ReleasedAccount, ttlSeconds: number): Promise<void>;
  find(clientId: string, uid: string): Promise<ReleasedAccount | undefined>;
}

export function createReleasedAccounts(db: Db, clock: Clock, cache?: OidcArtifactCache): ReleasedAccounts {
  const adapter = new OidcArtifactAdapter(db, 'PassiAccount', clock, cache);
  // One record per (client, user): the latest login's release wins (it is the same user at the same service).
  const key = (clientId: string, uid: string) => JSON.stringify([clientId, uid]);
  return {
    async save(account, ttlSeconds) {
      await adapter.upsert(key(account.clientId, account.uid), { ...account }, ttlSeconds);
    },
    async find(clientId, uid) {
      return parseAccount(await adapter.find(key(clientId, uid)));
    },
  };
}

function parseAccount(payload: Record<string, unknown> | undefined): ReleasedAccount | undefined {
  if (!payload) return undefined;
  const { uid, clientId, serviceId, claims, acr, passiSessionId } = payload;
  if (
    typeof uid !== 'string' ||
    typeof clientId !== 'string' ||
    typeof serviceId !== 'string' ||
    typeof acr !== 'string'
  )
    return undefined;
  return {
    uid,
    clientId,
    serviceId,
    acr,
    claims: parseClaims(claims),
    ...(typeof passiSessionId === 'string' ? { passiSessionId } : {}),
  };
}

function parseClaims(value: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [name, v] of Object.entries(value)) {
    if (typeof v === 'string') out[name] = v;
    else if (Array.isArray(v)) out[name] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}
