import type { FastifyPluginAsync } from 'fastify';
import { ErrorCodes } from '../../core/error-codes.ts';
import { isPassiError, PassiError } from '../../core/errors.ts';
import { FORM_TOKEN_FIELD } from '../../core/flow/form-token.ts';
import type { LoginFlow } from '../../core/flow/login-flow.ts';
import type { IntegrationDirectory } from '../../core/flow/ports.ts';
import { readFlowId, setSessionCookie } from '../../http/flow-cookies.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { httpInput, sendAction } from '../../http/send-action.ts';
import { renderTestDirectoryLogin } from './login-page.tsx';
import { BAD_CREDENTIALS, testDirectoryLoginPath } from './test-directory-connector.ts';

export interface TestDirectoryRouteDeps {
  flow(): LoginFlow;
  directory(): IntegrationDirectory;
  sessionTtlSeconds: number;
}

/** The test directory's login page (GET) and form post (POST), per integration flow name. */
export function testDirectoryRoutes(deps: TestDirectoryRouteDeps): FastifyPluginAsync {
  return async (scope) => {
    scope.get<{ Params: { flowName: string } }>(
      '/upstream/test-directory/:flowName/login',
      async (request, reply) => {
        const flow = await deps.flow().current(readFlowId(request));
        const integration = await integrationOf(deps, flow.integrationId, request.params.flowName);
        const page = renderTestDirectoryLogin({
          lang: requestLanguage(request, flow.request.language),
          action: testDirectoryLoginPath(integration.flowName),
          formToken: deps.flow().formToken(flow),
        });
        return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
      },
    );

    scope.post<{ Params: { flowName: string } }>(
      '/upstream/test-directory/:flowName/login',
      async (request, reply) => {
        const flow = await deps.flow().current(readFlowId(request));
        const integration = await integrationOf(deps, flow.integrationId, request.params.flowName);
        const input = httpInput(request);
        // Login CSRF: only this login's own page may post the credentials (or the cancel) into it.
        deps.flow().checkFormToken(flow, input.body[FORM_TOKEN_FIELD]);
        try {
          // The flow loaded above (one read); consumption in finishUpstream stays atomic.
          const step = await deps.flow().finishUpstream(flow, integration.id, input);
          if (step.sessionId) setSessionCookie(reply, step.sessionId, deps.sessionTtlSeconds);
          return sendAction(request, reply, step.action);
        } catch (e) {
          if (!isPassiError(e) || e.code !== BAD_CREDENTIALS) throw e;
          request.log.info({ integration: integration.id }, 'test directory: wrong username or password');
          const page = renderTestDirectoryLogin({
            lang: requestLanguage(request, flow.request.language),
            action: testDirectoryLoginPath(integration.flowName),
            formToken: deps.flow().formToken(flow),
            error: true,
            username: (input.body.username ?? '').slice(0, 64),
          });
          return reply
            .status(401)
            .header('cache-control', 'no-store')
            .type('text/html; charset=utf-8')
            .send(page);
        }
      },
    );
  };
}

async function integrationOf(
  deps: TestDirectoryRouteDeps,
  integrationId: string | undefined,
  flowName: string,
) {
  const integration = integrationId ? await deps.directory().byId(integrationId) : undefined;
  if (!integration || integration.flowName !== flowName || integration.type !== 'test-directory') {
    throw new PassiError(
      ErrorCodes.FLOW_STATE_INVALID,
      'this login page does not belong to the current login',
      { status: 400 },
    );
  }
  return integration;
}
