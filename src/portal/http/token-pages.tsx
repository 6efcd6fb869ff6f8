import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, isPassiError } from '../../core/errors.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { API_TOKEN_MAX_DAYS, createApiToken, listApiTokens, revokeApiToken } from '../commands/api-tokens.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import { renderTokensPage } from '../pages/tokens-page.tsx';
import { type PortalPageContext, reauthenticateFromForm, sessionPrincipal } from './page-context.ts';
import { checkCsrf, lookUpSession, type PortalViewer } from './portal-session.ts';

const createForm = z.object({
  csrf: z.string().max(100),
  name: z.string().trim().min(1).max(100),
  days: z.coerce.number().int().min(1).max(API_TOKEN_MAX_DAYS),
});

/**
 * The page presentation of the API token commands (the JSON API is the other): list, create after a fresh
 * sign-in, revoke. Every POST carries the session's CSRF token.
 */
export function registerTokenPages(app: FastifyInstance, ctx: PortalPageContext): void {
  const viewerOf = async (request: FastifyRequest): Promise<PortalViewer> => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) fail(ErrorCodes.PORTAL_SIGN_IN_REQUIRED, 'sign in first');
    if (request.method === 'POST')
      checkCsrf(found.viewer, (request.body as Record<string, unknown> | undefined)?.csrf);
    return found.viewer;
  };

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: PortalViewer,
    extra: {
      created?: { name: string; token: string };
      notice?: 'invalid' | 'locked' | 'revoked' | 'bad-input';
    } = {},
    status = 200,
  ) => {
    const lang = requestLanguage(request);
    const deps = ctx.deps();
    const now = deps.clock.now();
    return ctx.html(
      reply,
      renderTokensPage({
        lang,
        who: await ctx.whoBox(viewer, lang),
        tokens: await listApiTokens(deps, sessionPrincipal(viewer)),
        now,
        recentAuth: now.getTime() - viewer.session.authenticatedAt.getTime() <= SESSION_POLICY.recentAuthMs,
        ...extra,
      }),
      status,
    );
  };

  app.get('/portal/tokens', async (request, reply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) return reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);
    return page(request, reply, found.viewer);
  });

  app.post('/portal/tokens', async (request, reply) => {
    const viewer = await viewerOf(request);
    const form = createForm.safeParse(request.body);
    if (!form.success) return page(request, reply, viewer, { notice: 'bad-input' }, 400);
    try {
      const { token } = await createApiToken(
        ctx.deps(),
        sessionPrincipal(viewer),
        { name: form.data.name, expiresInDays: form.data.days },
        request.ip,
      );
      return page(request, reply, viewer, { created: { name: form.data.name, token } }, 201);
    } catch (e) {
      if (isPassiError(e) && e.code === ErrorCodes.PORTAL_SIGN_IN_REQUIRED)
        return page(request, reply, viewer, {}, 401);
      throw e;
    }
  });

  app.post('/portal/tokens/revoke', async (request, reply) => {
    const viewer = await viewerOf(request);
    const id = (request.body as Record<string, unknown> | undefined)?.id;
    if (typeof id !== 'string' || id.length > 100) fail(ErrorCodes.REQUEST_INVALID, 'token id missing');
    await revokeApiToken(ctx.deps(), sessionPrincipal(viewer), id, request.ip);
    return page(request, reply, viewer, { notice: 'revoked' });
  });

  app.post('/portal/reauthenticate', async (request, reply) => {
    const viewer = await viewerOf(request);
    const result = await reauthenticateFromForm(ctx.deps(), viewer, request);
    if (!result.ok)
      return page(request, reply, viewer, { notice: result.reason }, result.reason === 'locked' ? 429 : 401);
    return reply.header('cache-control', 'no-store').redirect('/portal/tokens', 303);
  });
}
