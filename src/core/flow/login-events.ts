import type { FaceKind, RequestSummary } from '../login-request.ts';
import type { RoleKind } from '../resolved-identity.ts';

/**
 * What happened in a login, as the flow engine sees it (docs/architecture.md "Login events"). A login
 * spans two to four HTTP requests; its events, all with the same `flowId`, tell its story in order:
 *
 *   login.started → [discovery.shown] → upstream.started → upstream.verified → login.completed | login.failed
 *
 * (a reused SSO session goes straight from login.started to login.completed; a passive login without a
 * session to login.failed). Events carry identifiers of the login, the service and the school's
 * integration, and reason codes — never personal data: no names, no learner or person ids, no attribute
 * values, no secrets. Subscribers (the log today; statistics and metrics later) are wired in the
 * composition root.
 */
interface EventBase {
  /** The login's flow id (the opaque id in the flow cookie). */
  flowId: string;
  /** When it happened, from the Clock port (ISO 8601). */
  at: string;
}

/** A service asked for a login. */
export interface LoginStarted extends EventBase {
  type: 'login.started';
  serviceId: string;
  face: FaceKind;
  /** `urn:mpass.id:authntag:` values asked for (narrow discovery). */
  requestedTags: readonly string[];
  /** `urn:mpass.id:authnsource:` flow names asked for (skip discovery). */
  requestedSources: readonly string[];
  forceAuthn: boolean;
  isPassive: boolean;
}

/** More than one school fits: the browser is sent to the discovery page. */
export interface DiscoveryShown extends EventBase {
  type: 'discovery.shown';
  serviceId: string;
  /** How many integrations the person may choose from. */
  candidates: number;
}

/** The login went on to a school's integration. */
export interface UpstreamStarted extends EventBase {
  type: 'upstream.started';
  serviceId: string;
  integrationId: string;
  integrationType: string;
  flowName: string;
  /** How the integration was chosen: on the discovery page, by the service's hint, or as the only one. */
  chosenBy: 'discovery' | 'hint' | 'only-choice';
}

/** The school's answer was accepted by its connector (signature, audience, state, … all checked). */
export interface UpstreamVerified extends EventBase {
  type: 'upstream.verified';
  serviceId: string;
  integrationId: string;
  integrationType: string;
  flowName: string;
}

/** The service was answered with an identity. */
export interface LoginCompleted extends EventBase {
  type: 'login.completed';
  serviceId: string;
  integrationId: string;
  flowName: string;
  /** True when an existing SSO session answered, without a new login at the school. */
  sessionReused: boolean;
  /** The school code and role kind the login is counted under ('' when absent): identifiers, not people. */
  school: string;
  roleKind: RoleKind;
  /** Whether a data-model rule dropped something or warned (released with problems). */
  withProblems: boolean;
}

/**
 * The service was answered with an error (a cancelled, failed, blocked or impossible passive login).
 * `detail` and `upstream` are the operator's: the connector's or the data model's words and codes
 * (HTTP status, problem codes), never attribute values or secrets; the service sees only `errorId`.
 */
export interface LoginFailed extends EventBase {
  type: 'login.failed';
  /** A PassiError code: PASSI_UPSTREAM_CANCELLED, PASSI_UPSTREAM_FAILED, PASSI_LOGIN_BLOCKED, … */
  code: string;
  /** The id the service was given to quote to support. */
  errorId: string;
  serviceId: string;
  integrationId: string | undefined;
  flowName: string | undefined;
  detail: string;
  upstream?: Record<string, unknown>;
  /** What the service asked for (support trace). */
  request: RequestSummary;
}

export type LoginEvent =
  | LoginStarted
  | DiscoveryShown
  | UpstreamStarted
  | UpstreamVerified
  | LoginCompleted
  | LoginFailed;

/** The flow engine's outlet for events. Emitting never fails the login and never waits for a subscriber. */
export interface LoginEvents {
  emit(event: LoginEvent): void;
}

/** One subscriber (the composition root lists them). */
export type LoginEventSubscriber = (event: LoginEvent) => void | Promise<void>;

/** Emits nowhere (flows built without subscribers, e.g. in unit tests). */
export const noLoginEvents: LoginEvents = { emit: () => {} };
