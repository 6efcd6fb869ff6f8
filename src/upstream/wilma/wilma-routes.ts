import type { FastifyPluginAsync } from 'fastify';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import type { LoginFlow } from '../../core/flow/login-flow.ts';
import type { IntegrationDirectory } from '../../core/flow/ports.ts';
import { readFlowId, setSessionCookie } from '../../http/flow-cookies.ts';
import { httpInput, sendAction } from '../../http/send-action.ts';

export interface UpstreamCallbackDeps {
  flow(): LoginFlow;
  directory(): IntegrationDirectory;
  sessionTtlSeconds: number;
}

/**
 * A connector's return address: `GET <path>` with `:flowName`, bound to this browser's flow (cookie) and to
 * the integration the login started with (a response for integration A at B's address is refused).
 */
export function upstreamCallbackRoute(
  path: string,
  types: readonly string[],
  deps: UpstreamCallbackDeps,
): FastifyPluginAsync {
  return async (scope) => {
    scope.get<{ Params: { flowName: string } }>(path, async (request, reply) => {
      const flow = await deps.flow().current(readFlowId(request));
      const integration = flow.integrationId ? await deps.directory().byId(flow.integrationId) : undefined;
      if (
        !integration ||
        integration.flowName !== request.params.flowName ||
        !types.includes(integration.type)
      ) {
        throw new PassiError(
          ErrorCodes.FLOW_STATE_INVALID,
          'this answer does not belong to the current login',
          {
            status: 400,
          },
        );
      }
      const step = await deps.flow().finishUpstream(flow, integration.id, httpInput(request));
      if (step.sessionId) setSessionCookie(reply, step.sessionId, deps.sessionTtlSeconds);
      return sendAction(request, reply, step.action);
    });
  };
}

/** Wilma returns the browser here (GET, signed query). */
export function wilmaRoutes(deps: UpstreamCallbackDeps): FastifyPluginAsync {
  return upstreamCallbackRoute('/upstream/wilma/:flowName/callback', ['wilma'], deps);
}
