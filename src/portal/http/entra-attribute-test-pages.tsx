import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../core/error-codes.ts';
import { isPassiError } from '../../core/errors.ts';
import { pickText } from '../../core/language.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { messages } from '../../i18n/messages.ts';
import {
  type EntraAttributeTest,
  entraTestIntegration,
  testEntraUserAttributes,
} from '../commands/entra-attribute-test.ts';
import { organisationOf, organisationRegistryOf } from '../commands/organisation-registry.ts';
import { renderEntraAttributeTestPage } from '../pages/entra-attribute-test-page.tsx';
import { type PortalPageContext, sessionPrincipal } from './page-context.ts';
import { CSRF_FIELD, checkCsrf, lookUpSession, type PortalViewer } from './portal-session.ts';

type Ids = { organisationId: string; integrationId: string };
const ROUTE = '/portal/organisation/:organisationId/integrations/:integrationId/entra-attribute-test';

/**
 * "Test attributes of an Entra ID user" (docs/portal.md): the form (GET) and its answer (POST, the same
 * page with the result; nothing is stored, so there is nothing to redirect to). The command authorises
 * and audits; the page checks the CSRF token and the field.
 */
export function registerEntraAttributeTestPages(app: FastifyInstance, ctx: PortalPageContext): void {
  const idsOf = (params: Ids): Ids => ({
    organisationId: params.organisationId.slice(0, 100),
    integrationId: params.integrationId.slice(0, 100),
  });

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: PortalViewer,
    ids: Ids,
    form: { userId?: string; error?: string; result?: EntraAttributeTest } = {},
    status = 200,
  ) {
    const deps = ctx.deps();
    const lang = requestLanguage(request);
    const integration = await entraTestIntegration(deps, sessionPrincipal(viewer), ids, request.ip);
    const org = await organisationOf(organisationRegistryOf(deps), ids.organisationId);
    return ctx.html(
      reply,
      renderEntraAttributeTestPage({
        lang,
        who: await ctx.whoBox(viewer, lang),
        organisationId: ids.organisationId,
        organisationName: pickText(org.name, lang) || ids.organisationId,
        integrationId: integration.id,
        integrationName: pickText(integration.discovery.displayName, lang) || integration.flowName,
        isEntra: integration.type === 'entra',
        ...form,
      }),
      status,
    );
  }

  app.get<{ Params: Ids }>(ROUTE, async (request, reply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) return reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);
    return page(request, reply, found.viewer, idsOf(request.params));
  });

  app.post<{ Params: Ids }>(ROUTE, async (request, reply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) return reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);
    const body = (request.body ?? {}) as Record<string, unknown>;
    checkCsrf(found.viewer, body[CSRF_FIELD]);
    const ids = idsOf(request.params);
    const t = messages(requestLanguage(request));
    const userId = typeof body.userId === 'string' ? body.userId.trim().slice(0, 256) : '';
    if (userId === '')
      return page(request, reply, found.viewer, ids, { error: t['portal.entratest.userIdMissing'] }, 400);
    try {
      const result = await testEntraUserAttributes(
        ctx.deps(),
        sessionPrincipal(found.viewer),
        ids,
        userId,
        request.ip,
      );
      return page(request, reply, found.viewer, ids, { userId, result });
    } catch (e) {
      // The command refuses a malformed id (and a non-Entra integration, which the page shows anyway).
      if (isPassiError(e) && e.code === ErrorCodes.REQUEST_INVALID)
        return page(
          request,
          reply,
          found.viewer,
          ids,
          { userId, error: t['portal.entratest.userIdInvalid'] },
          400,
        );
      throw e;
    }
  });
}
