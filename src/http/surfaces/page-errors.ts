import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { presentError } from '../error-presentation.ts';
import { renderErrorPage } from '../render/error-page.tsx';
import { requestLanguage } from '../request-language.ts';

/**
 * Error handling for surfaces a person sees (protocol endpoints and pages): a localised page with an
 * error id that is also in the log. Errors never go back to an unverified address.
 */
export function installPageErrorHandler(scope: FastifyInstance): void {
  scope.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const p = presentError(error);
    const level = p.status >= 500 ? 'error' : 'warn';
    request.log[level]({ err: error, errorId: request.id, code: p.code }, 'request failed');
    const restart = p.offerRestart ? '/test-service/' : undefined;
    void reply
      .status(p.status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('x-passi-error-code', p.code)
      .send(
        renderErrorPage({
          lang: requestLanguage(request),
          messageKey: p.messageKey,
          errorId: request.id,
          startAgainUrl: restart,
        }),
      );
  });
}
