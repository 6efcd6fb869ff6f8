import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, isPassiError, ValidationError } from '../../core/errors.ts';
import { pickText } from '../../core/language.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { entityHistory, restoreVersion } from '../commands/registry-history.ts';
import type { PortalRole } from '../domain/roles.ts';
import { type HistoryNotice, historyPath, renderHistoryPage } from '../pages/history/history-page.tsx';
import type { HistoryKind } from '../store/registry-history-store.ts';
import { type PortalPageContext, sessionPrincipal } from './page-context.ts';
import { checkCsrf, lookUpSession, type PortalViewer } from './portal-session.ts';

const params = z.object({
  organisationId: z.string().min(1).max(100),
  entityId: z.string().min(1).max(100),
  versionId: z.string().max(20).optional(),
});
const CHANGED_BY: Record<HistoryKind, PortalRole> = {
  integration: 'education-main',
  service: 'service-main',
};

/**
 * The history pages of integrations and services (docs/portal.md "History"): a read for every role of the
 * organisation, and "Restore this version" as a plain form POST with the session's CSRF token. The
 * integration and service pages link here with `historyPath`.
 */
export function registerHistoryPages(app: FastifyInstance, ctx: PortalPageContext): void {
  const signedIn = async (request: FastifyRequest, reply: FastifyReply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) {
      await reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);
      return undefined;
    }
    return found.viewer;
  };
  const parse = (request: FastifyRequest) => {
    const parsed = params.safeParse(request.params);
    if (!parsed.success) fail(ErrorCodes.REQUEST_INVALID, 'organisation, entity or version id invalid');
    return parsed.data;
  };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: PortalViewer,
    kind: HistoryKind,
    extras: { notice?: HistoryNotice; invalid?: ValidationError } = {},
  ) => {
    const p = parse(request);
    const lang = requestLanguage(request);
    const history = await entityHistory(
      ctx.deps(),
      sessionPrincipal(viewer),
      { organisationId: p.organisationId, kind, entityId: p.entityId },
      request.ip,
    );
    const role = viewer.session.role;
    return ctx.html(
      reply,
      renderHistoryPage({
        lang,
        who: await ctx.whoBox(viewer, lang),
        name: pickText(history.name, lang) || history.entityId,
        history,
        canRestore: role === 'operator' || role === CHANGED_BY[kind],
        notice: extras.notice,
        invalid: extras.invalid?.issues,
      }),
      extras.invalid ? 400 : 200,
    );
  };

  for (const [kind, things] of [
    ['integration', 'integrations'],
    ['service', 'services'],
  ] as const) {
    app.get<{ Querystring: { done?: unknown } }>(
      `/portal/organisation/:organisationId/${things}/:entityId/history`,
      async (request, reply) => {
        const viewer = await signedIn(request, reply);
        if (!viewer) return reply;
        const done = request.query.done;
        const notice = done === 'restored' || done === 'unchanged' ? done : undefined;
        return show(request, reply, viewer, kind, { notice });
      },
    );
    app.post(
      `/portal/organisation/:organisationId/${things}/:entityId/history/:versionId/restore`,
      async (request, reply) => {
        const viewer = await signedIn(request, reply);
        if (!viewer) return reply;
        checkCsrf(viewer, (request.body as Record<string, unknown> | undefined)?.csrf);
        const p = parse(request);
        try {
          const { changed } = await restoreVersion(
            ctx.deps(),
            sessionPrincipal(viewer),
            { organisationId: p.organisationId, kind, entityId: p.entityId, versionId: p.versionId ?? '' },
            request.ip,
          );
          const lang = requestLanguage(request);
          return reply
            .header('cache-control', 'no-store')
            .redirect(
              `${historyPath(p.organisationId, kind, p.entityId)}?done=${changed ? 'restored' : 'unchanged'}&lang=${lang}`,
              303,
            );
        } catch (error) {
          if (
            error instanceof ValidationError &&
            isPassiError(error) &&
            error.code === ErrorCodes.PORTAL_VERSION_INVALID
          )
            return show(request, reply, viewer, kind, { invalid: error });
          throw error;
        }
      },
    );
  }
}
