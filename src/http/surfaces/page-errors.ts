import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '../../core/language.ts';
import { failureLogLevel } from '../client-failure.ts';
import { presentError, presentErrorAtReturnAddress } from '../error-presentation.ts';
import { renderErrorPage } from '../render/error-page.tsx';
import { requestLanguage } from '../request-language.ts';

/** Where "start again" leads: the registered address and name of the browser's last service, if known. */
export type ReturnTarget = (
  request: FastifyRequest,
  lang: Language,
) => Promise<{ url: string; serviceName: string } | undefined>;

/**
 * Error handling for surfaces a person sees (protocol endpoints and pages): a localised page with an
 * error id that is also in the log. Errors never go back to an unverified address.
 */
export function installPageErrorHandler(scope: FastifyInstance, returnTarget: ReturnTarget): void {
  scope.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    // A school's return address (rate-limit class "return"; the test service's own ACS is a service's).
    const atSchoolReturn =
      request.routeOptions.config?.rateLimitClass === 'return' && !request.url.startsWith('/test-service/');
    const p = atSchoolReturn ? presentErrorAtReturnAddress(error) : presentError(error);
    const level = failureLogLevel(error, p.status);
    request.log[level]({ err: error, errorId: request.id, code: p.code }, 'request failed');
    // Service back ends (OIDC token and userinfo) are machines: they get JSON in the OAuth error shape.
    if (request.routeOptions.config?.rateLimitClass === 'token') {
      const error = p.status === 429 ? 'rate_limited' : p.status >= 500 ? 'server_error' : 'invalid_request';
      return reply
        .status(p.status)
        .header('cache-control', 'no-store')
        .send({ error, error_description: p.code, error_id: request.id });
    }
    const lang = requestLanguage(request);
    // A lost login is restarted at the service: back to its registered address, when the browser's last
    // service is known (never a URL from the request).
    const back = p.offerRestart ? await returnTarget(request, lang).catch(() => undefined) : undefined;
    return reply
      .status(p.status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('x-passi-error-code', p.code)
      .send(
        renderErrorPage({
          lang,
          messageKey: p.messageKey,
          errorId: request.id,
          startAgain: back,
        }),
      );
  });
}
