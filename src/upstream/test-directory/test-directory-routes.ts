import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { isPassiError } from '../../core/errors.ts';
import { FORM_TOKEN_FIELD } from '../../core/flow/form-token.ts';
import type { UpstreamIntegration } from '../../core/flow/ports.ts';
import { answeredFlow, type FlowReturnDeps, finishFlowStep } from '../../http/flow-return-route.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { httpInput } from '../../http/send-action.ts';
import { renderTestDirectoryLogin } from './login-page.tsx';
import { BAD_CREDENTIALS, testDirectoryLoginPath } from './test-directory-connector.ts';

const servesTestDirectory = (integration: UpstreamIntegration) => integration.type === 'test-directory';

/**
 * The test directory's login page (GET) and form post (POST), per integration flow name. The POST is the
 * test directory's return route: it finishes through the one return route core (http/flow-return-route.ts).
 */
export function testDirectoryRoutes(deps: FlowReturnDeps): FastifyPluginAsync {
  const answered = (request: FastifyRequest<{ Params: { flowName: string } }>) =>
    answeredFlow(deps, request, request.params.flowName, servesTestDirectory);
  return async (scope) => {
    scope.get<{ Params: { flowName: string } }>(
      '/upstream/test-directory/:flowName/login',
      async (request, reply) => {
        const { flow, integration } = await answered(request);
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
        const { flow, integration } = await answered(request);
        const input = httpInput(request);
        // Login CSRF: only this login's own page may post the credentials (or the cancel) into it.
        deps.flow().checkFormToken(flow, input.body[FORM_TOKEN_FIELD]);
        try {
          // The flow loaded above (one read); consumption in finishUpstream stays atomic.
          return await finishFlowStep(deps, request, reply, { flow, integration }, input);
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
