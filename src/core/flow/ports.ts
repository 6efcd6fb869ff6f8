import type { HttpAction, HttpInput } from '../http-action.ts';
import type { Language } from '../language.ts';
import type { RequestSummary } from '../login-request.ts';
import type { ResolvedIdentity } from '../resolved-identity.ts';
import type { UpstreamIdentity } from '../upstream-identity.ts';
import type { FlowState } from './flow-state.ts';
import type { SessionState } from './session-state.ts';

/** A school's integration as connectors see it (registry details stay in the registry). */
export interface UpstreamIntegration {
  id: string;
  type: string;
  flowName: string;
  organisationOid: string;
  /** Type-specific settings, validated by the registry. */
  settings: Record<string, unknown>;
  /** Decrypted secrets (shared secrets, client secrets). Never logged. */
  secrets: Record<string, string>;
  /**
   * Among a service's candidates: the service is by agreement and this integration's organisation has not
   * been granted it yet (docs/registry.md "Services by agreement"). The school is still offered, so the
   * pupil who chooses it learns why the login cannot go on, instead of not finding the school.
   */
  agreementMissing?: boolean;
}

/** A requesting service as the flow sees it. */
export interface FlowService {
  id: string;
  name: { fi?: string; sv?: string; en?: string };
  protocol: 'saml' | 'oidc';
  allowTestLearnerId: boolean;
  /** Data-model attributes released to the service; absent = all (docs/registry.md "services"). */
  releasedAttributes?: readonly string[];
}

/** Integrations a service may use, filtered by allowed services, deployment phase and status. */
export interface IntegrationDirectory {
  service(serviceId: string): Promise<FlowService | undefined>;
  /** Active integrations that allow the service, in the right phase; `tags` narrow (docs/registry.md). */
  candidates(serviceId: string, tags: readonly string[]): Promise<UpstreamIntegration[]>;
  byId(integrationId: string): Promise<UpstreamIntegration | undefined>;
}

/**
 * An upstream connector: starts the login at the school and turns its answer into raw attributes. `S` is the
 * connector's per-flow state (what `start` saved in `flow.upstream`): the core reads it with `readState`
 * before `finish` runs, so `finish` gets it typed and never reads `flow.upstream` itself.
 */
export interface UpstreamConnector<S = unknown> {
  readonly type: string;
  start(input: {
    flow: FlowState;
    integration: UpstreamIntegration;
    lang: Language;
  }): Promise<{ action: HttpAction; upstream?: Record<string, unknown> }>;
  /** The state `start` saved, checked; throws PASSI_UPSTREAM_ANSWER_MISMATCH when this login saved none. */
  readState(upstream: Record<string, unknown> | undefined): S;
  finish(input: {
    flow: FlowState;
    integration: UpstreamIntegration;
    http: HttpInput;
    state: S;
  }): Promise<UpstreamIdentity>;
}

/** Turns what the school sent into the data model for one service (model + orgdata + release policy). */
export interface IdentityResolver {
  resolve(upstream: UpstreamIdentity, service: FlowService): Promise<ResolvedIdentity>;
}

export interface LoginSuccess {
  ok: true;
  identity: ResolvedIdentity;
  upstream: UpstreamIdentity;
  /** The SSO session's handle (SessionState.id, a hash of the cookie), when there is a session. */
  sessionId: string | undefined;
}

export interface LoginFailure {
  ok: false;
  /** A PassiError code (e.g. PASSI_NO_PASSIVE, PASSI_LOGIN_BLOCKED, PASSI_UPSTREAM_CANCELLED). */
  code: string;
  /** For the service: generic, with the error id (login-failure.ts); the school's detail is only logged. */
  message: string;
  /** The id in the failure's log line, for the service's support to quote. */
  errorId?: string;
}

/** A downstream face (SAML IdP, OIDC OP): answers the service at a registered address. */
export interface DownstreamFace {
  respond(flow: FlowState, outcome: LoginSuccess | LoginFailure): Promise<HttpAction>;
}

/** What one login did, for the attribute test service and data-quality statistics. */
export interface LoginReport {
  flowId: string;
  /** What the service asked for (support trace). */
  request: RequestSummary;
  serviceId: string;
  correlationId: string | undefined;
  upstream: UpstreamIdentity;
  identity: ResolvedIdentity;
  at: string;
}

export interface LoginRecorder {
  record(report: LoginReport): Promise<void>;
  /**
   * A completed login's report and the SSO session it opens, stored together: both or neither, in one
   * store round trip on the login path (docs/performance.md "A completed login's writes together").
   */
  recordWithSession(report: LoginReport, session: SessionState, ttlSeconds: number): Promise<void>;
}
