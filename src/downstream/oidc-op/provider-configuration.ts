import { randomUUID } from 'node:crypto';
import type { ClientView, Configuration, ErrorOut, KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../../core/clock.ts';
import type { SessionStore } from '../../core/flow/session-state.ts';
import { negotiateLanguage } from '../../i18n/negotiate-language.ts';
import type { KeySet } from '../../keys/key-store.ts';
import type { RegistryCache } from '../../registry/registry-snapshot.ts';
import type { Db } from '../../store/database.ts';
import type { MemoryOidcArtifacts } from '../../store/state/memory-oidc-artifacts.ts';
import { OidcArtifactAdapter, type OidcArtifactMemory } from '../../store/state/oidc-adapter.ts';
import { isStoreUnavailable } from '../../store/store-unavailable.ts';
import { type CookieSigner, cookieSigner } from './cookie-signer.ts';
import { grantInRequest } from './grant-in-request.ts';
import { createLoginPolicy } from './login-policy.ts';
import { AUTHN_SOURCE_PREFIX } from './login-request-from-params.ts';
import { claimsConfiguration, createFindAccount, grantInUse, SCOPES } from './oidc-claims.ts';
import { renderOidcErrorPage } from './oidc-error-page.ts';
import { renderLoggedOutPage, renderLogoutConfirmPage } from './oidc-pages.tsx';
import type { OidcSecrets } from './oidc-secrets.ts';
import type { OidcTtl } from './oidc-ttl.ts';
import { pairwiseSubject } from './pairwise-subject.ts';
import { createRegistryClientAdapter, serviceForClient } from './registry-clients.ts';
import type { ReleasedAccounts } from './released-accounts.ts';
import { EXTERNAL_SIGNING_ACK, toSigningKeys } from './signing-keys.ts';

/** MPASSid's endpoint paths (https://wiki.eduuni.fi/display/OPHPALV/Connecting+a+service), relative to the issuer = PASSI_PUBLIC_URL. */
export const OIDC_ROUTES = {
  authorization: '/idp/profile/oidc/authorize',
  token: '/idp/profile/oidc/token',
  userinfo: '/idp/profile/oidc/userinfo',
  jwks: '/idp/profile/oidc/keyset',
  end_session: '/idp/profile/oidc/logout',
} as const;

/** Passi's interaction page: outside oidc-provider's routes. */
export const INTERACTION_PATH = '/idp/profile/oidc/interaction';

export interface OidcLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface ProviderConfigurationDeps {
  db: Db;
  /** Interactions and codes in memory on the embedded store (docs/performance.md); absent: all in the store. */
  memoryArtifacts?: MemoryOidcArtifacts;
  /**
   * On the embedded store, the memory copy of the stored models' rows and the writes made behind it
   * (oidc-artifact-cache.ts, oidc-artifact-write-behind.ts).
   */
  artifactMemory?: OidcArtifactMemory;
  clock: Clock;
  registry: RegistryCache;
  keys: KeySet;
  secrets: OidcSecrets;
  accounts: ReleasedAccounts;
  sessions: SessionStore;
  ttl: OidcTtl;
  log: OidcLogger;
  /** Flow names known now, for `acr_values_supported`. */
  flowNames: string[];
  /** The issuer is https: cookies are `Secure` and `__Host-` named. */
  secureCookies: boolean;
}

/**
 * oidc-provider's cookies (docs/operations.md "Security model": `__Host-`, Secure, HttpOnly, SameSite=Lax).
 * `__Host-` needs Secure and Path=/, so it is used whenever the issuer is https (create-oidc-op.ts tells Koa
 * the connection is secure, as the browser's is). The resume cookie keeps the plain name: oidc-provider pins its Path to the authorization
 * endpoint (it cannot be Path=/), which still limits where the browser sends it.
 */
export interface OidcCookieOptions {
  keys: CookieSigner;
  names: { session: string; interaction: string; resume: string };
  long: { httpOnly: true; sameSite: 'lax'; secure?: true; path?: '/' };
  short: { httpOnly: true; sameSite: 'lax'; secure?: true; path?: '/' };
}

export function oidcCookies(keys: string[], secure: boolean): OidcCookieOptions {
  const prefix = secure ? '__Host-' : '';
  const options = {
    httpOnly: true as const,
    sameSite: 'lax' as const,
    ...(secure ? { secure: true as const, path: '/' as const } : {}),
  };
  return {
    keys: cookieSigner(keys),
    names: {
      session: `${prefix}passi_oidc_session`,
      interaction: `${prefix}passi_oidc_interaction`,
      resume: 'passi_oidc_resume',
    },
    long: options,
    short: options,
  };
}

/** The oidc-provider configuration (each line a setting below). */
export function providerConfiguration(deps: ProviderConfigurationDeps): Configuration {
  const { ttl } = deps;
  const clients = createRegistryClientAdapter(deps.registry);
  const grants = grantInRequest();
  return {
    // Clients from the registry; every other model in the store, shared by all nodes — except, on the
    // embedded store (one node), the interaction and the code of a login in progress, kept in memory, and
    // the other models read from a write-through copy of their rows.
    adapter: (model: string) => {
      if (model === 'Client') return clients;
      const stored = new OidcArtifactAdapter(deps.db, model, deps.clock, deps.artifactMemory);
      return deps.memoryArtifacts?.adapterFor(model, stored) ?? stored;
    },
    routes: OIDC_ROUTES,
    scopes: [...SCOPES],
    claims: claimsConfiguration(),
    findAccount: createFindAccount(deps.accounts, grants),
    // The same choice as oidc-provider's default (defaults.js), through the read the request shares.
    loadExistingGrant: (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.client ? grantInUse(ctx, ctx.oidc.client.clientId) : undefined;
      return grantId ? grants(ctx, grantId) : undefined;
    },
    acrValues: deps.flowNames.map((f) => `${AUTHN_SOURCE_PREFIX}${f}`),
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: async (_ctx: KoaContextWithOIDC, accountId: string, client: ClientView) => {
      const service = await serviceForClient(deps.registry, client.clientId);
      return pairwiseSubject(
        deps.secrets.pairwiseSecret,
        service?.oidc.sector ?? service?.id ?? client.clientId,
        accountId,
      );
    },
    // RFC 9700 §2.1.2, §2.4: code only; no implicit, hybrid or password grant.
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    // RFC 9700 §2.1.1: PKCE (S256 only in v9) accepted for every client, required for public ones; the
    // issue keeps it optional for confidential MPASSid clients so they switch by changing only the host.
    pkce: {
      required: (_ctx: KoaContextWithOIDC, client: { tokenEndpointAuthMethod?: string }) =>
        client.tokenEndpointAuthMethod === 'none',
    },
    // OIDC Core §3.1.2.1: redirect_uri is required, even for a client with one registered address.
    allowOmittingSingleRegisteredRedirectUri: false,
    jwks: toSigningKeys(deps.keys.oidcSigning),
    cookies: oidcCookies(deps.secrets.cookieKeys, deps.secureCookies),
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) =>
        `${INTERACTION_PATH}/${interaction.uid}`,
      policy: createLoginPolicy({ accounts: deps.accounts, sessions: deps.sessions, grants }),
    },
    features: {
      devInteractions: { enabled: false },
      // Passi signs ID tokens itself (signing-keys.ts).
      externalSigningSupport: { enabled: true, ack: EXTERNAL_SIGNING_ACK },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
      introspection: { enabled: false },
      revocation: { enabled: false },
      registration: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          ctx.body = renderLogoutConfirmPage({ lang: pageLanguage(ctx), form });
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = renderLoggedOutPage({ lang: pageLanguage(ctx) });
        },
      },
    },
    issueRefreshToken: async () => false,
    ttl: { ...ttl },
    // CORS only for the origins of the client's own redirect URIs.
    clientBasedCORS: (_ctx: KoaContextWithOIDC, origin: string, client: ClientView) =>
      (client.redirectUris ?? []).some((u) => URL.canParse(u) && new URL(u).origin === origin),
    discovery: { ui_locales_supported: ['fi', 'sv', 'en'], claims_locales_supported: undefined },
    renderError: async (ctx: KoaContextWithOIDC, out: ErrorOut, error: unknown) => {
      const errorId = randomUUID();
      deps.log.warn(
        { errorId, oidcError: out.error, description: out.error_description, err: error },
        'OIDC request refused',
      );
      ctx.type = 'html';
      ctx.body = renderOidcErrorPage({
        lang: pageLanguage(ctx),
        error: isStoreUnavailable(error) ? 'temporarily_unavailable' : out.error,
        errorId,
      });
    },
  };
}

export function pageLanguage(ctx: KoaContextWithOIDC) {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return negotiateLanguage({
    lang: str(ctx.query.lang),
    uiLocales: str(ctx.query.ui_locales) ?? str(ctx.oidc?.params?.ui_locales),
    acceptLanguage: ctx.get('accept-language'),
  });
}
