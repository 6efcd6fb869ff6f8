/**
 * Types for the parts of oidc-provider 9 that Passi uses. The package ships no type declarations (and
 * @types/oidc-provider lags its majors), so this one file says what we rely on; every other file is typed
 * against it. Keep it to what the face calls. Shapes follow node-oidc-provider `lib/` at 9.13.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type AdapterPayload = Record<string, unknown> & {
    grantId?: string;
    uid?: string;
    userCode?: string;
    consumed?: unknown;
  };

  /** The storage contract (docs "Adapter"): one instance per model name. */
  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface ClientView {
    readonly clientId: string;
    readonly subjectType?: string;
    readonly redirectUris?: string[];
  }

  export interface SessionView {
    readonly accountId?: string;
    readonly acr?: string;
    readonly uid?: string;
    /** The grant of the client's latest authorization in this session (models/session.js). */
    grantIdFor(clientId: string): string | undefined;
  }

  export interface OidcContext {
    readonly client?: ClientView;
    readonly params?: Record<string, unknown>;
    readonly session?: SessionView;
    /** The Grant model read in this request, if any (its stored fields, `jti` its id). */
    readonly grant?: Readonly<Record<string, unknown>>;
    readonly result?: { login?: unknown; consent?: { grantId?: unknown } };
    readonly route?: string;
    /** What this request read or created (`ctx.oidc.entity(...)`): the interaction it started, if any. */
    readonly entities?: { readonly Interaction?: InteractionModel };
    /** The provider serving this request. */
    readonly provider?: { readonly Grant: { find(id: string): Promise<GrantModel | undefined> } };
  }

  export interface CookieJar {
    get(name: string, options?: { signed?: boolean }): string | undefined;
    /** Koa's override of the request's scheme for Secure cookies. */
    secure?: boolean;
  }

  /** The Koa context oidc-provider hands to configuration hooks. */
  export interface KoaContextWithOIDC {
    oidc: OidcContext;
    cookies: CookieJar;
    type: string;
    body: unknown;
    status: number;
    get(header: string): string;
    query: Record<string, unknown>;
    req: IncomingMessage;
    res: ServerResponse;
    /** Koa: false leaves the response to the caller (Koa "ctx.respond"). */
    respond?: boolean;
  }

  export interface ErrorOut {
    error: string;
    error_description?: string;
  }

  export interface AccountClaims {
    sub: string;
    [claim: string]: unknown;
  }

  export interface Account {
    accountId: string;
    claims(
      use: string,
      scope: string,
      claims: unknown,
      rejected: string[],
    ): AccountClaims | Promise<AccountClaims>;
  }

  export interface CheckInstance {
    readonly reason: string;
  }

  export interface PromptInstance {
    readonly name: string;
    readonly checks: CheckInstance[] & { add(check: CheckInstance, index?: number): void };
  }

  export interface Policy extends Array<PromptInstance> {
    get(name: string): PromptInstance | undefined;
  }

  export const interactionPolicy: {
    base(): Policy;
    Check: new (
      reason: string,
      description: string,
      error: string,
      check: (ctx: KoaContextWithOIDC) => boolean | Promise<boolean>,
    ) => CheckInstance;
  };

  export const errors: {
    InvalidGrant: new (description?: string) => Error;
  };

  export interface InteractionResult {
    login?: { accountId: string; acr?: string; amr?: string[]; ts?: number; remember?: boolean };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export interface InteractionModel {
    readonly uid: string;
    readonly exp: number;
    readonly returnTo: string;
    readonly params: Record<string, unknown>;
    readonly prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    session?: { accountId?: string; uid?: string; cookie?: string };
    grantId?: string;
    result?: InteractionResult;
    save(ttlSeconds: number): Promise<string>;
  }

  export interface GrantModel {
    readonly jti?: string;
    /** Its stored fields (`IN_PAYLOAD`), by name. */
    readonly [field: string]: unknown;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(ttlSeconds?: number): Promise<string>;
  }

  export interface SessionModel {
    destroy(): Promise<void>;
  }

  /**
   * A signing key whose private operation the application performs (features.externalSigningSupport,
   * lib/helpers/keystore.js): oidc-provider reads `kid`, `alg` and the public key, and signs with `sign`.
   */
  export class ExternalSigningKey {
    kid: string | undefined;
    alg: string | undefined;
    readonly use: 'sig';
    keyObject(): import('node:crypto').KeyObject;
    sign(data: Buffer): Promise<Buffer> | Buffer;
  }

  export type Configuration = Record<string, unknown>;

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    proxy: boolean;
    readonly Interaction: { find(uid: string): Promise<InteractionModel | undefined> };
    readonly Grant: {
      new (init: { accountId: string; clientId: string } & Record<string, unknown>): GrantModel;
      /** The fields a Grant stores and reads back (models/grant.js). */
      readonly IN_PAYLOAD: readonly string[];
    };
    readonly Session: { find(id: string): Promise<SessionModel | undefined> };
    /** The provider's own client model; client authentication calls `compareClientSecret` (lib/models/client.js). */
    readonly Client: {
      prototype: {
        readonly clientId: string;
        compareClientSecret(presented: unknown): boolean | Promise<boolean>;
      };
    };
    /** Koa's request handler: resolves when the middleware is done and Koa has answered (or left it). */
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionModel>;
    on(event: string, listener: (...args: unknown[]) => void): this;
    /** Koa middleware around every oidc-provider route. */
    use(middleware: (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>): this;
  }
}
