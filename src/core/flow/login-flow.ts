import type { Clock } from '../clock.ts';
import { ErrorCodes } from '../error-codes.ts';
import { isPassiError, PassiError } from '../errors.ts';
import type { HttpAction, HttpInput } from '../http-action.ts';
import type { Language } from '../language.ts';
import { type FaceKind, type LoginRequest, summariseRequest } from '../login-request.ts';
import type { UpstreamIdentity } from '../upstream-identity.ts';
import type { FlowState, FlowStore } from './flow-state.ts';
import { createFormTokens } from './form-token.ts';
import { type LoginEvents, noLoginEvents, type UpstreamStarted } from './login-events.ts';
import { describeFailure, type FailureContext, withFlowContext } from './login-failure.ts';
import type {
  DownstreamFace,
  IdentityResolver,
  IntegrationDirectory,
  LoginRecorder,
  UpstreamConnector,
  UpstreamIntegration,
} from './ports.ts';
import { sessionHandle } from './session-handle.ts';
import type { SessionStore } from './session-state.ts';

export interface LoginFlowDeps {
  flows: FlowStore;
  sessions: SessionStore;
  directory: IntegrationDirectory;
  connectors: ReadonlyMap<string, UpstreamConnector>;
  resolver: IdentityResolver;
  recorder: LoginRecorder;
  faces: Partial<Record<FaceKind, DownstreamFace>>;
  clock: Clock;
  flowTtlSeconds: number;
  sessionTtlSeconds: number;
  /** Key for the tokens on the forms of a login (form-token.ts). */
  formTokenSecret: Buffer;
  /** Where the browser goes to choose a school (the flow id travels in the flow cookie). */
  discoveryPath: string;
  newId(): string;
  /** What each login did (login-events.ts); the composition root subscribes the log and others. */
  events?: LoginEvents;
  /** Error ids quoted to services (default: newId). */
  newErrorId?(): string;
}

export interface FlowStep {
  flowId: string;
  action: HttpAction;
  /**
   * The cookie value of a new SSO session (the HTTP layer sets it as the session cookie). A secret for
   * the browser only: the store and the services see only values derived from its hash.
   */
  sessionId?: string;
}

/** Upstream errors that go back to the service as a protocol error; others end on a page. */
const REPORTED_TO_SERVICE = new Set<string>([
  ErrorCodes.UPSTREAM_CANCELLED,
  ErrorCodes.UPSTREAM_FAILED,
  ErrorCodes.UPSTREAM_UNREACHABLE,
  ErrorCodes.LOGIN_BLOCKED,
]);

/**
 * The protocol-neutral login (docs/architecture.md "The login, as data flowing through the house"):
 * request → flow state → hint or discovery → connector start/finish → resolve → release → face responds.
 */
export function createLoginFlow(deps: LoginFlowDeps) {
  const formTokens = createFormTokens(deps.formTokenSecret);
  const events = deps.events ?? noLoginEvents;
  const at = () => deps.clock.now().toISOString();
  const face = (flow: FlowState): DownstreamFace => {
    const f = deps.faces[flow.request.face];
    if (!f) throw new PassiError(ErrorCodes.INTERNAL, `no ${flow.request.face} face`);
    return f;
  };

  const loadFlow = async (flowId: string | undefined): Promise<FlowState> => {
    const flow = flowId ? await deps.flows.get(flowId) : undefined;
    if (!flow)
      throw new PassiError(ErrorCodes.FLOW_MISSING, 'the login flow is missing, expired or already used');
    return flow;
  };

  /** Single use: a stored flow is consumed atomically; one answered within its first request was never stored. */
  const use = async (flow: FlowState, stored: boolean): Promise<FlowState> => {
    if (!stored) return flow;
    const consumed = await deps.flows.consume(flow.id);
    if (!consumed) throw new PassiError(ErrorCodes.FLOW_MISSING, 'the login flow was already used');
    return consumed;
  };

  /** Ends the login with a protocol error to the service; the detail goes only to the failure log. */
  const fail = async (
    flow: FlowState,
    code: string,
    detail: string,
    stored = true,
    context: FailureContext = {},
  ): Promise<HttpAction> => {
    const consumed = await use(flow, stored);
    const errorId = deps.newErrorId?.() ?? deps.newId();
    const { failure, event } = describeFailure(flow, code, detail, errorId, context, at());
    events.emit(event);
    return face(consumed).respond(consumed, failure);
  };

  const complete = async (
    flow: FlowState,
    upstream: UpstreamIdentity,
    reuseSessionHandle?: string,
    stored = true,
  ): Promise<FlowStep> => {
    const service = await deps.directory.service(flow.request.serviceId);
    if (!service) throw new PassiError(ErrorCodes.SERVICE_UNKNOWN, 'the service is no longer registered');
    const identity = await deps.resolver.resolve(upstream, service);
    const report = {
      flowId: flow.id,
      request: summariseRequest(flow.request),
      serviceId: service.id,
      correlationId: flow.request.correlationId,
      upstream,
      identity,
      at: deps.clock.now().toISOString(),
    };
    if (identity.blocked) {
      await deps.recorder.record(report);
      const codes = identity.problems.filter((p) => p.severity === 'error').map((p) => p.code);
      return {
        flowId: flow.id,
        action: await fail(flow, ErrorCodes.LOGIN_BLOCKED, `login blocked: ${codes.join(', ')}`, stored, {
          integrationId: upstream.integrationId,
          flowName: upstream.flowName,
          upstream: { problems: codes },
        }),
      };
    }
    // Used once before anything is stored: an answer submitted twice leaves one report and one session.
    const consumed = await use(flow, stored);
    let handle = reuseSessionHandle;
    let cookie: string | undefined;
    if (!handle && deps.sessionTtlSeconds > 0) {
      cookie = deps.newId();
      handle = sessionHandle(cookie);
      await deps.recorder.recordWithSession(
        report,
        { id: handle, upstream, createdAt: deps.clock.now().toISOString() },
        deps.sessionTtlSeconds,
      );
    } else {
      await deps.recorder.record(report);
    }
    const action = await face(consumed).respond(consumed, {
      ok: true,
      identity,
      upstream,
      sessionId: handle,
    });
    events.emit({
      type: 'login.completed',
      flowId: flow.id,
      at: at(),
      serviceId: service.id,
      integrationId: upstream.integrationId,
      flowName: upstream.flowName,
      sessionReused: reuseSessionHandle !== undefined,
      school: identity.countedAs?.school ?? '',
      roleKind: identity.countedAs?.roleKind ?? '',
      withProblems: identity.problems.length > 0,
    });
    return { flowId: flow.id, action, sessionId: cookie };
  };

  /** Starts the school login; a flow not yet stored is stored once, with its upstream state. */
  const startUpstream = async (
    flow: FlowState,
    integration: UpstreamIntegration,
    lang: Language,
    stored: boolean,
    chosenBy: UpstreamStarted['chosenBy'],
  ): Promise<HttpAction> => {
    // Before anything reaches the school: the pupil's organisation has not been granted this service.
    if (integration.agreementMissing) {
      throw new PassiError(
        ErrorCodes.SERVICE_AGREEMENT_MISSING,
        `the organisation of integration ${integration.id} has no accepted agreement for service ${flow.request.serviceId}`,
      );
    }
    const connector = deps.connectors.get(integration.type);
    if (!connector) {
      throw new PassiError(
        ErrorCodes.CONNECTOR_MISSING,
        `no connector for integration type ${integration.type}`,
      );
    }
    const started = await connector.start({ flow, integration, lang });
    const next: FlowState = { ...flow, integrationId: integration.id, upstream: started.upstream ?? {} };
    if (!stored) {
      await deps.flows.create(next, deps.flowTtlSeconds);
    } else if (!(await deps.flows.save(next))) {
      throw new PassiError(ErrorCodes.FLOW_MISSING, 'the login flow expired');
    }
    events.emit({
      type: 'upstream.started',
      flowId: flow.id,
      at: at(),
      serviceId: flow.request.serviceId,
      integrationId: integration.id,
      integrationType: integration.type,
      flowName: integration.flowName,
      chosenBy,
    });
    return started.action;
  };

  return {
    /** A service asked for a login. `sessionCookie` is the browser's SSO session cookie, if any. */
    async begin(request: LoginRequest, sessionCookie: string | undefined): Promise<FlowStep> {
      // The flow is stored only when it outlives this request (upstream login or discovery): one write.
      const flow: FlowState = { id: deps.newId(), request, createdAt: deps.clock.now().toISOString() };
      events.emit({
        type: 'login.started',
        flowId: flow.id,
        at: flow.createdAt,
        serviceId: request.serviceId,
        face: request.face,
        requestedTags: request.authnTags,
        requestedSources: request.authnSources,
        forceAuthn: request.forceAuthn,
        isPassive: request.isPassive,
      });
      const candidates = await deps.directory.candidates(request.serviceId, request.authnTags);
      const hinted = request.authnSources.length
        ? candidates.filter((c) => request.authnSources.includes(c.flowName))
        : [];
      if (request.authnSourcesRequired && request.authnSources.length && !hinted.length) {
        // Never a login through another school than the one the service named (login-request.ts).
        return {
          flowId: flow.id,
          action: await fail(
            flow,
            ErrorCodes.NO_AUTHN_CONTEXT,
            `requested authnsource ${request.authnSources.join(', ')} is not allowed for the service`,
            false,
          ),
        };
      }

      const session =
        sessionCookie && !request.forceAuthn
          ? await deps.sessions.get(sessionHandle(sessionCookie))
          : undefined;
      if (session) {
        const usable = candidates.some((c) => c.id === session.upstream.integrationId && !c.agreementMissing);
        const matchesHint =
          !request.authnSources.length || request.authnSources.includes(session.upstream.flowName);
        if (usable && matchesHint) return complete(flow, session.upstream, session.id, false);
      }
      if (request.isPassive) {
        // SAML Core §3.4.1: IsPassive and no usable session → NoPassive; OIDC Core §3.1.2.6 login_required.
        return {
          flowId: flow.id,
          action: await fail(flow, ErrorCodes.NO_PASSIVE, 'no session and passive login requested', false),
        };
      }
      const choices = hinted.length ? hinted : candidates;
      const only = choices.length === 1 ? choices[0] : undefined;
      if (only) {
        const chosenBy = hinted.length ? 'hint' : 'only-choice';
        const action = await startUpstream(flow, only, request.language ?? 'fi', false, chosenBy);
        return { flowId: flow.id, action };
      }
      await deps.flows.create(flow, deps.flowTtlSeconds);
      events.emit({
        type: 'discovery.shown',
        flowId: flow.id,
        at: at(),
        serviceId: request.serviceId,
        candidates: choices.length,
      });
      return { flowId: flow.id, action: { kind: 'redirect', location: deps.discoveryPath } };
    },

    /** The flow of this browser, for the discovery page. */
    async current(flowId: string | undefined): Promise<FlowState> {
      return loadFlow(flowId);
    },

    /** The token every POST form of this login carries (form-token.ts). */
    formToken(flow: FlowState): string {
      return formTokens.tokenFor(flow.id);
    },

    /** Refuses a form posted into this login from anywhere but its own pages (login CSRF). */
    checkFormToken(flow: FlowState, token: string | undefined): void {
      formTokens.check(flow.id, token);
    },

    /**
     * School chosen on the discovery page. A choice without this login's form token, or a forged choice
     * (not allowed for the service), is refused.
     */
    async choose(
      flowId: string | undefined,
      integrationId: string,
      lang: Language,
      formToken: string | undefined,
    ): Promise<HttpAction> {
      const flow = await loadFlow(flowId);
      formTokens.check(flow.id, formToken);
      const candidates = await deps.directory.candidates(flow.request.serviceId, flow.request.authnTags);
      const integration = candidates.find((c) => c.id === integrationId);
      if (!integration) {
        throw new PassiError(
          ErrorCodes.INTEGRATION_NOT_ALLOWED,
          'the chosen integration does not exist or does not allow this service',
        );
      }
      return startUpstream(flow, integration, lang, true, 'discovery');
    },

    /**
     * The school answered at `integrationId`'s endpoint. A response meant for another integration's flow
     * is refused (A's response at B's endpoint).
     */
    async finishUpstream(
      flowOrId: FlowState | string | undefined,
      integrationOrId: UpstreamIntegration | string,
      http: HttpInput,
    ): Promise<FlowStep> {
      const flow = typeof flowOrId === 'object' ? flowOrId : await loadFlow(flowOrId);
      const integrationId = typeof integrationOrId === 'string' ? integrationOrId : integrationOrId.id;
      if (flow.integrationId !== integrationId) {
        throw new PassiError(
          ErrorCodes.FLOW_STATE_INVALID,
          'this response belongs to another integration than the one the login started',
        );
      }
      // The return route hands over the integration it already loaded and checked.
      const integration =
        typeof integrationOrId === 'string' ? await deps.directory.byId(integrationId) : integrationOrId;
      const connector = integration ? deps.connectors.get(integration.type) : undefined;
      if (!integration || !connector)
        throw new PassiError(ErrorCodes.INTEGRATION_UNKNOWN, 'integration is gone');
      let upstream: UpstreamIdentity;
      try {
        // The connector's own state for this flow, checked before its finish reads the answer.
        const state = connector.readState(flow.upstream);
        upstream = await connector.finish({ flow, integration, http, state });
      } catch (e) {
        if (isPassiError(e) && REPORTED_TO_SERVICE.has(e.code))
          return {
            flowId: flow.id,
            action: await fail(flow, e.code, e.message, true, {
              integrationId: integration.id,
              flowName: integration.flowName,
              upstream: e.detail,
            }),
          };
        throw isPassiError(e) ? withFlowContext(e, flow, integration) : e;
      }
      events.emit({
        type: 'upstream.verified',
        flowId: flow.id,
        at: at(),
        serviceId: flow.request.serviceId,
        integrationId: integration.id,
        integrationType: integration.type,
        flowName: integration.flowName,
      });
      return complete(flow, upstream);
    },

    /** Ends an SSO session (logout), found by the browser's session cookie. */
    async logout(sessionCookie: string | undefined): Promise<void> {
      if (sessionCookie) await deps.sessions.destroy(sessionHandle(sessionCookie));
    },
  };
}

export type LoginFlow = ReturnType<typeof createLoginFlow>;
