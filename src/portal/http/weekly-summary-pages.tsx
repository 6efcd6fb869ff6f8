import type { FastifyInstance, FastifyReply } from 'fastify';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { type Language, pickText } from '../../core/language.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { organisationOf, organisationRegistryOf } from '../commands/organisation-registry.ts';
import type { PortalDeps } from '../commands/portal-deps.ts';
import { switchWeeklySummary, weeklySummaryState } from '../commands/weekly-summary-switch.ts';
import type { Principal } from '../domain/principal.ts';
import { canChange } from '../domain/roles.ts';
import type { WhoBox } from '../pages/portal-layout.tsx';
import { renderWeeklySummaryPage, weeklySummaryPath } from '../pages/weekly-summary-page.tsx';
import type { PortalCookies } from './portal-cookies.ts';
import {
  authoriseChange,
  CSRF_FIELD,
  checkCsrf,
  lookUpSession,
  type PortalViewer,
} from './portal-session.ts';

/**
 * The weekly summary's switch for a whole organisation (docs/operations.md "Weekly summary"): everyone
 * who may see the organisation sees whether it is on and who unsubscribed; main users and operators
 * switch it with a plain form POST.
 */
export function registerWeeklySummaryPages(
  app: FastifyInstance,
  ctx: {
    deps: () => PortalDeps;
    cookies: PortalCookies;
    whoBox: (viewer: PortalViewer, lang: Language) => Promise<WhoBox>;
    html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  },
): void {
  const principalOf = (viewer: PortalViewer): Principal => ({
    personId: viewer.person.id,
    email: viewer.person.email,
    displayName: viewer.person.displayName,
    organisationId: viewer.session.organisationId,
    role: viewer.session.role,
    via: 'session',
    authenticatedAt: viewer.session.authenticatedAt,
  });
  const toSignIn = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);

  // The home page's link: the session's own organisation.
  app.get('/portal/weekly-summary', async (request, reply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) return toSignIn(reply);
    return reply
      .header('cache-control', 'no-store')
      .redirect(weeklySummaryPath(found.viewer.session.organisationId), 303);
  });

  app.get<{ Params: { organisationId: string }; Querystring: { saved?: unknown } }>(
    '/portal/organisation/:organisationId/weekly-summary',
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      const lang = requestLanguage(request);
      const organisationId = request.params.organisationId.slice(0, 100);
      const deps = ctx.deps();
      const state = await weeklySummaryState(deps, principalOf(found.viewer), organisationId, request.ip);
      const org = await organisationOf(organisationRegistryOf(deps), organisationId);
      return ctx.html(
        reply,
        renderWeeklySummaryPage({
          lang,
          who: await ctx.whoBox(found.viewer, lang),
          organisationName: pickText(org.name, lang) || organisationId,
          state,
          canChange: canChange(found.viewer.session.role),
          saved: request.query.saved === '1',
        }),
      );
    },
  );

  app.post<{ Params: { organisationId: string } }>(
    '/portal/organisation/:organisationId/weekly-summary',
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      const body = (request.body ?? {}) as Record<string, unknown>;
      checkCsrf(found.viewer, body[CSRF_FIELD]);
      const organisationId = request.params.organisationId.slice(0, 100);
      await authoriseChange(
        ctx.deps(),
        found.viewer,
        organisationId,
        'switch the weekly summary',
        request.ip,
      );
      if (body.on !== 'true' && body.on !== 'false')
        fail(ErrorCodes.REQUEST_INVALID, '`on` must be true or false');
      await switchWeeklySummary(
        ctx.deps(),
        principalOf(found.viewer),
        organisationId,
        body.on === 'true',
        request.ip,
      );
      const lang = requestLanguage(request);
      return reply
        .header('cache-control', 'no-store')
        .redirect(`${weeklySummaryPath(organisationId)}?saved=1&lang=${lang}`, 303);
    },
  );
}
