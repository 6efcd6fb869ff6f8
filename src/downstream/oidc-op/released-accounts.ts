import type Provider from 'oidc-provider';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../store/database.ts';
import { OidcArtifactAdapter, type OidcArtifactMemory } from '../../store/state/oidc-adapter.ts';

/**
 * What Passi released to one client for one user at a login: what `findAccount` needs at the
 * authorization, token and userinfo endpoints on any node (docs/architecture.md "State and scale": the broker has no
 * user database; findAccount reads from the login).
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

/**
 * The Grant field that carries the release. Passi writes the login's Grant anyway (oidc-face.ts), and
 * every use of the release goes through that grant: a code and an access token name it (`grantId`), and
 * oidc-provider refuses them once it is gone (grant_common.js `validateGrant`, access_token.js
 * `loadAccessTokenGrant`); at the authorization endpoint it is the one `loadExistingGrant` picks. So the
 * release rides in the grant's row (one statement per login less) and lives exactly as long as anything
 * that can read it, in the store, so a token still works at userinfo after a restart or on another node.
 */
const RELEASE_FIELD = 'passiAccount';

/** Before the release rode in the grant it was a row of its own (model `PassiAccount`), one per (client, user). */
const LEGACY_MODEL = 'PassiAccount';

export interface ReleasedAccounts {
  /**
   * The release of the grant `grantId` for (clientId, uid); undefined when it is gone or belongs to another.
   * `loaded` is a grant oidc-provider already read in this request: used when it is that grant.
   */
  find(
    grantId: string | undefined,
    clientId: string,
    uid: string,
    loaded?: Readonly<Record<string, unknown>>,
  ): Promise<ReleasedAccount | undefined>;
}

export function createReleasedAccounts(db: Db, clock: Clock, memory?: OidcArtifactMemory): ReleasedAccounts {
  const grants = new OidcArtifactAdapter(db, 'Grant', clock, memory);
  const legacy = new OidcArtifactAdapter(db, LEGACY_MODEL, clock, memory);
  return {
    async find(grantId, clientId, uid, loaded) {
      if (!grantId) return undefined;
      const grant = loaded?.jti === grantId ? loaded : await grants.find(grantId);
      if (!grant) return undefined;
      const account = RELEASE_FIELD in grant ? parseAccount(grant[RELEASE_FIELD]) : await legacyRelease();
      // The grant is this client's and this user's (as oidc-provider checks), and so is the release.
      return account?.clientId === clientId &&
        account.uid === uid &&
        grant.clientId === clientId &&
        grant.accountId === uid
        ? account
        : undefined;

      // A grant written before the release rode in it (tokens issued before an upgrade, until they
      // expire): its release is the latest one for (client, user), kept in a row of its own.
      async function legacyRelease() {
        return parseAccount(await legacy.find(JSON.stringify([clientId, uid])));
      }
    },
  };
}

/**
 * Lets `provider`'s Grant model carry the release: oidc-provider stores, and reads back, only the fields
 * its model lists (models/payload.js `pick` over `IN_PAYLOAD`, cached per model at first use, so this
 * runs right after the provider is built, before any request).
 */
export function grantsCarryReleases(provider: Provider): void {
  const fields = [...provider.Grant.IN_PAYLOAD, RELEASE_FIELD];
  Object.defineProperty(provider.Grant, 'IN_PAYLOAD', { configurable: true, get: () => fields });
}

/** A new Grant's initial fields for a login's release (oidc-face.ts). */
export function grantWithRelease(account: ReleasedAccount): {
  accountId: string;
  clientId: string;
  [RELEASE_FIELD]: ReleasedAccount;
} {
  return { accountId: account.uid, clientId: account.clientId, [RELEASE_FIELD]: { ...account } };
}

function parseAccount(payload: unknown): ReleasedAccount | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const read = (name: string): unknown => Reflect.get(payload, name);
  const [uid, clientId, serviceId, acr, passiSessionId] = [
    read('uid'),
    read('clientId'),
    read('serviceId'),
    read('acr'),
    read('passiSessionId'),
  ];
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
    claims: parseClaims(read('claims')),
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
