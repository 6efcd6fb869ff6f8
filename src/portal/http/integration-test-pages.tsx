import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, isPassiError, ValidationError, type ValidationIssue } from '../../core/errors.ts';
import { pickText } from '../../core/language.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { messages } from '../../i18n/messages.ts';
import { integrationOfOrganisation } from '../commands/integration-test-access.ts';
import { lastTestLogins, startTestLogin } from '../commands/integration-test-login.ts';
import { organisationOf, organisationRegistryOf } from '../commands/organisation-registry.ts';
import {
  approveProductionIntegration,
  type CreatedProductionIntegration,
  createProductionIntegration,
  integrationTestPath,
  pendingProductionIntegrations,
  recentlyTested,
} from '../commands/production-integration.ts';
import type { Principal } from '../domain/principal.ts';
import {
  PRODUCTION_APPROVALS_PATH,
  renderIntegrationTestPage,
  renderProductionApprovalsPage,
} from '../pages/integration-test-page.tsx';
import { type PortalPageContext, sessionPrincipal } from './page-context.ts';
import { CSRF_FIELD, checkCsrf, lookUpSession, type PortalViewer } from './portal-session.ts';
import { testTicketCookie } from './test-login-recording.ts';

type Ids = { organisationId: string; integrationId: string };
const INTEGRATION_ROUTE = '/portal/organisation/:organisationId/integrations/:integrationId';
const FLOW_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * "Test the connection" and "Going to production" (docs/portal.md "Test login and production"): the
 * integration's test page, the test login start (a browser action: it leaves for the attribute test
 * service with a single-use ticket), the production copy, and the operators' approvals. Plain form POSTs
 * with the session's CSRF token; the commands authorise and audit.
 */
export function registerIntegrationTestPages(
  app: FastifyInstance,
  ctx: PortalPageContext & { publicUrl: string },
) {
  const ticketCookie = testTicketCookie(ctx.publicUrl);
  const toSignIn = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);
  const idsOf = (params: Ids): Ids => ({
    organisationId: params.organisationId.slice(0, 100),
    integrationId: params.integrationId.slice(0, 100),
  });
  const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: PortalViewer,
    ids: Ids,
    production?: {
      errors?: ValidationIssue[];
      flowName?: string;
      created?: Pick<CreatedProductionIntegration, 'integrationId' | 'flowName' | 'status'>;
    },
    status = 200,
  ) {
    const deps = ctx.deps();
    const lang = requestLanguage(request);
    const principal = sessionPrincipal(viewer);
    const results = await lastTestLogins(deps, principal, ids.organisationId, ids.integrationId, request.ip);
    const integration = await integrationOfOrganisation(
      deps,
      principal,
      ids,
      { what: 'see the integration', change: false },
      request.ip,
    );
    const org = await organisationOf(organisationRegistryOf(deps), ids.organisationId);
    const role = viewer.session.role;
    return ctx.html(
      reply,
      renderIntegrationTestPage({
        lang,
        who: await ctx.whoBox(viewer, lang),
        organisationId: ids.organisationId,
        organisationName: pickText(org.name, lang) || ids.organisationId,
        integration,
        results,
        tested: await recentlyTested(deps, integration.id),
        canChange: role === 'operator' || role === 'education-main',
        production,
      }),
      status,
    );
  }

  // The sections moved onto the integration page; old links (bookmarks, earlier result pages) still work.
  app.get<{ Params: Ids; Querystring: { created?: string } }>(
    `${INTEGRATION_ROUTE}/test`,
    async (request, reply) => {
      const ids = idsOf(request.params);
      const query = new URLSearchParams({ lang: requestLanguage(request) });
      if (typeof request.query.created === 'string' && /^\d{1,20}$/.test(request.query.created))
        query.set('created', request.query.created);
      return reply
        .header('cache-control', 'no-store')
        .redirect(`${integrationTestPath(ids.organisationId, ids.integrationId)}?${query}`, 303);
    },
  );

  app.post<{ Params: Ids }>(`${INTEGRATION_ROUTE}/test-login`, async (request, reply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) return toSignIn(reply);
    const body = bodyOf(request);
    checkCsrf(found.viewer, body[CSRF_FIELD]);
    const protocol = body.protocol === undefined ? 'saml' : body.protocol;
    if (protocol !== 'saml' && protocol !== 'oidc')
      fail(ErrorCodes.REQUEST_INVALID, '`protocol` must be saml or oidc');
    const { ticket, flowName } = await startTestLogin(
      ctx.deps(),
      sessionPrincipal(found.viewer),
      idsOf(request.params),
      request.ip,
    );
    ticketCookie.set(reply, ticket);
    const lang = requestLanguage(request);
    const query = new URLSearchParams({ flow: flowName, lang });
    return reply
      .header('cache-control', 'no-store')
      .redirect(`/test-service/${protocol}/login?${query}`, 303);
  });

  app.post<{ Params: Ids }>(`${INTEGRATION_ROUTE}/production`, async (request, reply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) return toSignIn(reply);
    const body = bodyOf(request);
    checkCsrf(found.viewer, body[CSRF_FIELD]);
    const ids = idsOf(request.params);
    const typed = typeof body.flowName === 'string' ? body.flowName.trim().slice(0, 64) : '';
    const t = messages(requestLanguage(request));
    if (typed !== '' && !FLOW_NAME.test(typed)) {
      return page(
        request,
        reply,
        found.viewer,
        ids,
        {
          flowName: typed,
          errors: [{ path: 'flowName', message: t['portal.itest.prod.flowNameHelp'] }],
        },
        400,
      );
    }
    try {
      const created = await createProductionIntegration(
        ctx.deps(),
        sessionPrincipal(found.viewer),
        ids,
        typed ? { flowName: typed } : {},
        request.ip,
      );
      const lang = requestLanguage(request);
      return reply
        .header('cache-control', 'no-store')
        .redirect(
          `${integrationTestPath(ids.organisationId, ids.integrationId)}?created=${created.integrationId}&lang=${lang}#production`,
          303,
        );
    } catch (e) {
      if (e instanceof ValidationError)
        return page(request, reply, found.viewer, ids, { flowName: typed, errors: [...e.issues] }, 400);
      if (isPassiError(e) && e.code === ErrorCodes.PORTAL_TEST_LOGIN_REQUIRED) {
        return page(
          request,
          reply,
          found.viewer,
          ids,
          {
            flowName: typed,
            errors: [{ path: 'test', message: t['portal.itest.prod.needsTest'] }],
          },
          409,
        );
      }
      throw e;
    }
  });

  const operatorPrincipal = async (request: FastifyRequest, reply: FastifyReply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) {
      toSignIn(reply);
      return undefined;
    }
    const principal: Principal = sessionPrincipal(found.viewer);
    return { viewer: found.viewer, principal };
  };

  app.get<{ Querystring: { approved?: string } }>(PRODUCTION_APPROVALS_PATH, async (request, reply) => {
    const who = await operatorPrincipal(request, reply);
    if (!who) return reply;
    const lang = requestLanguage(request);
    const pending = await pendingProductionIntegrations(ctx.deps(), who.principal, request.ip);
    const approved =
      typeof request.query.approved === 'string' && /^\d{7}$/.test(request.query.approved)
        ? request.query.approved
        : undefined;
    return ctx.html(
      reply,
      renderProductionApprovalsPage({ lang, who: await ctx.whoBox(who.viewer, lang), pending, approved }),
    );
  });

  app.post<{ Params: { integrationId: string } }>(
    `${PRODUCTION_APPROVALS_PATH}/:integrationId/approve`,
    async (request, reply) => {
      const who = await operatorPrincipal(request, reply);
      if (!who) return reply;
      checkCsrf(who.viewer, bodyOf(request)[CSRF_FIELD]);
      const integrationId = request.params.integrationId.slice(0, 100);
      await approveProductionIntegration(ctx.deps(), who.principal, integrationId, request.ip);
      const lang = requestLanguage(request);
      return reply
        .header('cache-control', 'no-store')
        .redirect(
          `${PRODUCTION_APPROVALS_PATH}?approved=${encodeURIComponent(integrationId)}&lang=${lang}`,
          303,
        );
    },
  );
}
