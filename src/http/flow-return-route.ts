/**
 * The one return route for a login's upstream step (docs/architecture.md "Connectors: one contract, one
 * table"): the school sends the browser back to `<path with :flowName>`; the answer is taken only for this
 * browser's flow (flow cookie) and the integration that flow started at, of a type this route serves.
 * Every connector's return address (Wilma, Opinsys, OIDC, the SAML ACS, the test directory's form) ends here.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../core/error-codes.ts';
import { ensure } from '../core/errors.ts';
import type { FlowState } from '../core/flow/flow-state.ts';
import type { LoginFlow } from '../core/flow/login-flow.ts';
import type { IntegrationDirectory, UpstreamIntegration } from '../core/flow/ports.ts';
import type { HttpInput } from '../core/http-action.ts';
import { BODY_LIMITS } from './build-server.ts';
import { readFlowId, setSessionCookie } from './flow-cookies.ts';
import { httpInput, sendAction } from './send-action.ts';

export interface FlowReturnDeps {
  flow(): LoginFlow;
  directory(): IntegrationDirectory;
  sessionTtlSeconds: number;
  /** Active integrations of every type (for routes that exist per integration only). */
  integrations?(): Promise<UpstreamIntegration[]>;
}

export interface FlowReturnRoute {
  method: 'GET' | 'POST';
  paths: readonly string[];
  /** A protocol message in the body (a SAML POST): the protocol surface's body limit, not the pages'. */
  protocolBody?: boolean;
  /** Only an active integration's address is an endpoint; any other `:flowName` is 404. */
  perIntegrationEndpoint?: boolean;
  /** Whether an integration's logins come back at this route (its type and, for Entra, its login). */
  serves(integration: UpstreamIntegration): boolean;
}

/**
 * This browser's flow and the integration it started at, when the answer arrived at that integration's
 * address (`flowName`) on a route serving its type; an answer meant for another login or another
 * integration (A's answer at B's address) is refused, the same way for every connector.
 */
export async function answeredFlow(
  deps: FlowReturnDeps,
  request: FastifyRequest,
  flowName: string,
  serves: (integration: UpstreamIntegration) => boolean,
): Promise<{ flow: FlowState; integration: UpstreamIntegration }> {
  const flow = await deps.flow().current(readFlowId(request));
  const integration = flow.integrationId ? await deps.directory().byId(flow.integrationId) : undefined;
  ensure(
    integration !== undefined && integration.flowName === flowName && serves(integration),
    ErrorCodes.UPSTREAM_ANSWER_MISMATCH,
    'this answer belongs to another login or another integration',
  );
  return { flow, integration };
}

/** Finishes the upstream step with the checked flow and integration, then sets cookies and answers. */
export async function finishFlowStep(
  deps: FlowReturnDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  answered: { flow: FlowState; integration: UpstreamIntegration },
  input: HttpInput = httpInput(request),
): Promise<FastifyReply> {
  const step = await deps.flow().finishUpstream(answered.flow, answered.integration, input);
  if (step.sessionId) setSessionCookie(reply, step.sessionId, deps.sessionTtlSeconds);
  return sendAction(request, reply, step.action);
}

/** Mounts one return route at each of its paths. */
export function flowReturnRoute(route: FlowReturnRoute, deps: FlowReturnDeps): FastifyPluginAsync {
  return async (scope) => {
    const handler = async (
      request: FastifyRequest<{ Params: { flowName: string } }>,
      reply: FastifyReply,
    ) => {
      const { flowName } = request.params;
      if (route.perIntegrationEndpoint && deps.integrations) {
        const listed = (await deps.integrations()).some((i) => i.flowName === flowName && route.serves(i));
        ensure(listed, ErrorCodes.NOT_FOUND, 'no integration with this flow name at this address');
      }
      const answered = await answeredFlow(deps, request, flowName, route.serves);
      return finishFlowStep(deps, request, reply, answered);
    };
    // The ACS lives among the pages (error pages, cookies), but what it takes is a SAML POST: the protocol
    // surface's body limit (docs/operations.md "Timeouts and hostile requests"), not the pages' 32 KiB,
    // which would refuse a large but valid ADFS response before the SAML verifier's own limits apply.
    const options = route.protocolBody ? { bodyLimit: BODY_LIMITS.protocol } : {};
    for (const path of route.paths) {
      scope.route<{ Params: { flowName: string } }>({ method: route.method, url: path, ...options, handler });
    }
  };
}
