import { randomUUID } from 'node:crypto';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { isPassiError } from '../../core/errors.ts';
import type { DownstreamFace } from '../../core/flow/ports.ts';
import { sessionHandle } from '../../core/flow/session-handle.ts';
import type { SessionStore } from '../../core/flow/session-state.ts';
import { failureLogLevel } from '../../http/client-failure.ts';
import { SESSION_COOKIE } from '../../http/flow-cookies.ts';
import type { KeySet } from '../../keys/key-store.ts';
import type { RegistryCache } from '../../registry/registry-snapshot.ts';
import type { Db } from '../../store/database.ts';
import type { MemoryOidcArtifacts } from '../../store/state/memory-oidc-artifacts.ts';
import type { OidcArtifactMemory } from '../../store/state/oidc-adapter.ts';
import { isStoreUnavailable } from '../../store/store-unavailable.ts';
import { handOffInteractions } from './login-starts-at-authorize.ts';
import { renderOidcErrorPage } from './oidc-error-page.ts';
import { createOidcFace } from './oidc-face.ts';
import type { OidcSecrets } from './oidc-secrets.ts';
import { oidcTtl } from './oidc-ttl.ts';
import { acceptPreviousClientSecret } from './previous-client-secret.ts';
import { type OidcLogger, pageLanguage, providerConfiguration } from './provider-configuration.ts';
import { createReleasedAccounts, grantsCarryReleases } from './released-accounts.ts';

export interface OidcOpDeps {
  /** Issuer (OIDC Discovery §4.3: exactly the discovery document's `issuer`); no trailing slash. */
  publicUrl: string;
  /** A proxy is trusted for X-Forwarded-* (RFC 9700 §4.13: only the proxy that overwrites them). */
  trustProxy: boolean;
  flowTtlSeconds: number;
  sessionTtlSeconds: number;
  db: Db;
  /** Interactions and codes in memory on the embedded store (docs/performance.md); absent: all in the store. */
  memoryArtifacts?: MemoryOidcArtifacts;
  /** On the embedded store, a memory copy of the stored models' rows, written to the store behind (docs/performance.md). */
  artifactMemory?: OidcArtifactMemory;
  clock: Clock;
  registry: RegistryCache;
  keys: KeySet;
  secrets: OidcSecrets;
  /** Passi's SSO sessions (the login flow's session store). */
  sessions: SessionStore;
  log: OidcLogger & Record<'info' | 'warn' | 'error', (obj: Record<string, unknown>, msg: string) => void>;
}

/** The OIDC face: oidc-provider for the current registry, and the DownstreamFace the login flow calls. */
export interface OidcOp {
  provider(): Promise<Provider>;
  face: DownstreamFace;
}

/**
 * Builds the OpenID Provider. oidc-provider keeps no state in memory that matters (every
 * artifact is in the store), so a new Provider is built when the registry version changes: discovery's
 * `acr_values_supported` then lists the current schools' flow names on every node.
 */
export function createOidcOp(deps: OidcOpDeps): OidcOp {
  const ttl = oidcTtl(deps);
  const accounts = createReleasedAccounts(deps.db, deps.clock, deps.artifactMemory);
  let built: { version: bigint; provider: Promise<Provider> } | undefined;

  const secureCookies = deps.publicUrl.startsWith('https://');
  const build = async (flowNames: string[]): Promise<Provider> => {
    const provider = new Provider(
      deps.publicUrl,
      providerConfiguration({
        db: deps.db,
        ...(deps.memoryArtifacts ? { memoryArtifacts: deps.memoryArtifacts } : {}),
        ...(deps.artifactMemory ? { artifactMemory: deps.artifactMemory } : {}),
        clock: deps.clock,
        registry: deps.registry,
        keys: deps.keys,
        secrets: deps.secrets,
        accounts,
        sessions: deps.sessions,
        ttl,
        log: deps.log,
        flowNames,
        secureCookies,
      }),
    );
    provider.proxy = deps.trustProxy;
    // Outermost: it decides, after everything else, whether oidc-provider answers or Passi starts the login.
    provider.use(handOffInteractions());
    grantsCarryReleases(provider);
    acceptPreviousClientSecret(provider, deps);
    // An https issuer means the browser talks https to the proxy, whatever the last hop looks like: the
    // cookies are Secure even when Koa cannot see the scheme (Koa refuses Secure cookies otherwise).
    if (secureCookies)
      provider.use(async (ctx, next) => {
        ctx.cookies.secure = true;
        await next();
      });
    // Koa's 'error' event (a response that could not be written); with a listener Koa no longer prints
    // to stderr. A client that left or was too slow is not Passi's failure.
    provider.on('error', (err) => deps.log[failureLogLevel(err)]({ err }, 'OIDC response not completed'));
    provider.on('server_error', (ctx: unknown, err: unknown) => {
      deps.log.error({ err }, 'OIDC provider error');
      // The database is down or stalled: "try again later" (503) for a JSON or page answer; a redirect
      // to the service (server_error at its redirect URI) stays a redirect.
      if (tryAgainLater(err) && Reflect.get(Object(ctx), 'status') === 500)
        Reflect.set(Object(ctx), 'status', 503);
    });
    // An outage can also strike while oidc-provider handles an error (e.g. reading the client to redirect
    // to): that would end as Koa's bare 500 text. It gets the "try again" page with an error id instead.
    provider.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        if (!tryAgainLater(err)) throw err;
        const errorId = randomUUID();
        deps.log.error({ err, errorId }, 'OIDC request failed: the database is unavailable');
        ctx.status = 503;
        ctx.type = 'html';
        ctx.body = renderOidcErrorPage({
          lang: pageLanguage(ctx),
          error: 'temporarily_unavailable',
          errorId,
        });
      }
    });
    provider.on('end_session.success', (ctx) => endPassiSession(ctx));
    return provider;
  };

  // RP-initiated logout that ended the OP session ends Passi's SSO session too (the same user's login).
  const endPassiSession = (ctx: unknown) => {
    if (!isContext(ctx) || !ctx.oidc.params?.logout) return;
    const cookie = ctx.cookies.get(SESSION_COOKIE, { signed: false });
    if (cookie)
      deps.sessions
        .destroy(sessionHandle(cookie))
        .catch((err: unknown) => deps.log.warn({ err }, 'ending the Passi session failed'));
  };

  const provider = async (): Promise<Provider> => {
    const snapshot = await deps.registry.current();
    if (built?.version !== snapshot.version) {
      const flowNames = [...snapshot.integrationsByFlowName.keys()].sort();
      built = { version: snapshot.version, provider: build(flowNames) };
    }
    return built.provider;
  };

  return {
    provider,
    face: createOidcFace({
      provider,
      clock: deps.clock,
    }),
  };
}

function isContext(value: unknown): value is KoaContextWithOIDC {
  return typeof value === 'object' && value !== null && 'oidc' in value && 'cookies' in value;
}

/** The store is down, or the login state this node holds in memory is at its bound: 503, try again. */
function tryAgainLater(err: unknown): boolean {
  return isStoreUnavailable(err) || (isPassiError(err) && err.code === ErrorCodes.STATE_FULL);
}
