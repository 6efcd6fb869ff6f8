import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestLanguage } from '../../http/request-language.ts';
import { createOidcRp, type OidcFlowState, oidcFlowStateSchema } from '../../upstream/oidc/oidc-rp.ts';
import {
  completeExternalSecondFactor,
  EXTERNAL_CALLBACK_PATH,
  type ExternalSignInSettings,
  externalTarget,
  finishExternalSignIn,
} from '../commands/external-sign-in.ts';
import type { PortalDeps } from '../commands/portal-deps.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import {
  EXTERNAL_CODE_PATH,
  EXTERNAL_START_PATH,
  renderExternalCodePage,
  renderExternalDonePage,
  renderExternalRefusedPage,
} from '../pages/external-sign-in-page.tsx';
import type { PortalCookies } from './portal-cookies.ts';
import { checkPreAuthFormToken, preAuthFormToken } from './portal-session.ts';

/** State, nonce and PKCE verifier live 10 minutes; the half-done sign-in waiting for a code, 5. */
const STATE_SECONDS = 600;
const PENDING_SECONDS = 300;
const pendingSchema = z.object({ personId: z.string(), email: z.string(), until: z.number() });
const codeForm = z.object({ form: z.string().max(100), code: z.string().max(20) });

/**
 * Sign-in through the operator's external OpenID provider (docs/portal.md "Sign-in with an external
 * provider"): authorization code flow with PKCE (RFC 7636), state and nonce (OIDC Core §3.1.2.1), kept in a
 * sealed, short-lived cookie of this browser and removed when the answer arrives, so an answer is used once.
 * Without settings, none of these routes exist.
 */
export function registerExternalSignIn(
  app: FastifyInstance,
  ctx: {
    deps: () => PortalDeps;
    cookies: PortalCookies;
    publicUrl: string;
    externalSignIn?: ExternalSignInSettings;
    html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  },
): void {
  const settings = ctx.externalSignIn;
  if (!settings) return;
  const rp = createOidcRp();
  const secure = ctx.publicUrl.startsWith('https:');
  const prefix = secure ? '__Host-' : '';
  const stateCookie = `${prefix}passi_portal_oidc`;
  const pendingCookie = `${prefix}passi_portal_oidc_pending`;
  // Lax for the state: the provider sends the browser back with a cross-site top-level GET (RFC 6265bis
  // §5.4.7.1), which a Strict cookie would not reach. The pending sign-in is read only by Passi's own form.
  const stateOptions = { path: '/', secure, httpOnly: true, sameSite: 'lax' as const };
  const pendingOptions = { ...stateOptions, sameSite: 'strict' as const };
  const STATE_CONTEXT = 'portal-oidc-state';
  const PENDING_CONTEXT = 'portal-oidc-pending';

  const opened = <T>(schema: z.ZodType<T>, sealed: string | undefined, context: string): T | undefined => {
    if (!sealed || sealed.length > 2000) return undefined;
    try {
      const parsed = schema.safeParse(JSON.parse(ctx.deps().box.open(sealed, context)));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };
  const refused = (request: FastifyRequest, reply: FastifyReply) =>
    ctx.html(reply, renderExternalRefusedPage({ lang: requestLanguage(request) }), 403);
  const signedIn = (request: FastifyRequest, reply: FastifyReply, sessionToken: string) => {
    ctx.cookies.setSession(reply, sessionToken, SESSION_POLICY.absoluteMs / 1000);
    return ctx.html(reply, renderExternalDonePage({ lang: requestLanguage(request) }));
  };

  app.get(EXTERNAL_START_PATH, async (_request, reply) => {
    const started = await rp.start(externalTarget(settings, ctx.publicUrl), false);
    const saved: OidcFlowState = started.upstream;
    reply.setCookie(stateCookie, ctx.deps().box.seal(JSON.stringify(saved), STATE_CONTEXT), {
      ...stateOptions,
      maxAge: STATE_SECONDS,
    });
    return reply.header('cache-control', 'no-store').redirect(started.location, 303);
  });

  app.get(EXTERNAL_CALLBACK_PATH, async (request, reply) => {
    const saved = opened(oidcFlowStateSchema, request.cookies[stateCookie], STATE_CONTEXT);
    reply.clearCookie(stateCookie, stateOptions).header('cache-control', 'no-store');
    const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const outcome = await finishExternalSignIn(ctx.deps(), rp, settings, {
      saved,
      rawQuery: rawQuery.slice(0, 8000),
      ip: request.ip,
    });
    if (outcome.kind === 'refused') return refused(request, reply);
    if (outcome.kind === 'session') return signedIn(request, reply, outcome.sessionToken);
    const until = ctx.deps().clock.now().getTime() + PENDING_SECONDS * 1000;
    const pending = JSON.stringify({ personId: outcome.personId, email: outcome.email, until });
    reply.setCookie(pendingCookie, ctx.deps().box.seal(pending, PENDING_CONTEXT), {
      ...pendingOptions,
      maxAge: PENDING_SECONDS,
    });
    return ctx.html(
      reply,
      renderExternalCodePage({
        lang: requestLanguage(request),
        formToken: preAuthFormToken(ctx.cookies, request, reply),
      }),
    );
  });

  app.post(EXTERNAL_CODE_PATH, async (request, reply) => {
    const form = codeForm.safeParse(request.body);
    if (!form.success) return refused(request, reply);
    checkPreAuthFormToken(ctx.cookies, request, form.data.form);
    const pending = opened(pendingSchema, request.cookies[pendingCookie], PENDING_CONTEXT);
    reply.header('cache-control', 'no-store');
    if (!pending || pending.until < ctx.deps().clock.now().getTime()) {
      reply.clearCookie(pendingCookie, pendingOptions);
      return refused(request, reply);
    }
    const result = await completeExternalSecondFactor(ctx.deps(), {
      personId: pending.personId,
      email: pending.email,
      code: form.data.code,
      ip: request.ip,
    });
    if (!result.ok) {
      const page = renderExternalCodePage({
        lang: requestLanguage(request),
        formToken: form.data.form,
        notice: result.reason,
      });
      return ctx.html(reply, page, result.reason === 'locked' ? 429 : 401);
    }
    reply.clearCookie(pendingCookie, pendingOptions);
    ctx.cookies.setSession(reply, result.sessionToken, SESSION_POLICY.absoluteMs / 1000);
    return reply.redirect('/portal/', 303);
  });
}
