import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { pickText } from '../../core/language.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { organisationHealth } from '../commands/organisation-health.ts';
import { renderHealthPage } from '../pages/health/health-page.tsx';
import { type PortalPageContext, sessionPrincipal } from './page-context.ts';
import { lookUpSession } from './portal-session.ts';

const params = z.object({ organisationId: z.string().min(1).max(100) });

/** The "Needs attention" page (docs/portal.md "Needs attention"); the front page shows its first items. */
export function registerHealthPages(app: FastifyInstance, ctx: PortalPageContext): void {
  app.get('/portal/organisation/:organisationId/health', async (request, reply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) return reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);
    const parsed = params.safeParse(request.params);
    if (!parsed.success) fail(ErrorCodes.REQUEST_INVALID, 'organisation id missing or too long');
    const lang = requestLanguage(request);
    const deps = ctx.deps();
    const health = await organisationHealth(
      deps,
      sessionPrincipal(found.viewer),
      parsed.data.organisationId,
      request.ip,
    );
    const organisations = deps.registry ? (await deps.registry.cache.current()).organisations : new Map();
    const organisationNames = new Map(
      [...organisations].map(([id, org]) => [id, pickText(org.name, lang) || id] as const),
    );
    return ctx.html(
      reply,
      renderHealthPage({
        lang,
        who: await ctx.whoBox(found.viewer, lang),
        organisationName: organisationNames.get(health.organisationId) ?? health.organisationId,
        health,
        organisationNames,
      }),
    );
  });
}
