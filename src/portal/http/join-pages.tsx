import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, isPassiError } from '../../core/errors.ts';
import { LANGUAGES } from '../../core/language.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { messages } from '../../i18n/messages.ts';
import {
  applicationForOperator,
  approveApplication,
  listPendingApplications,
  proposeOids,
  rejectApplication,
} from '../commands/decide-join-application.ts';
import {
  JOIN_FIELDS,
  type JoinField,
  joinApplicationSchema,
  joinFieldErrors,
  joinInputFromForm,
} from '../commands/join-application-schema.ts';
import {
  JOIN_PATH,
  JOIN_STATUS_PATH,
  JOIN_VERIFY_PATH,
  submitJoinApplication,
} from '../commands/submit-join-application.ts';
import { currentTerms, listTerms, publishTerms, publishTermsSchema } from '../commands/terms-of-service.ts';
import {
  joinApplicationStatus,
  openJoinVerification,
  verifyJoinApplication,
} from '../commands/verify-join-application.ts';
import type { Principal } from '../domain/principal.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import {
  type JoinValues,
  renderJoinConfirmPage,
  renderJoinFormPage,
  renderJoinSentPage,
  renderJoinStatusPage,
  renderJoinVerifyPage,
} from '../pages/join-pages.tsx';
import {
  APPLICATIONS_PATH,
  type ApplicationProblem,
  renderApplicationPage,
  renderApplicationsPage,
  renderTermsPage,
  TERMS_PATH,
} from '../pages/operator-join-pages.tsx';
import { type PortalPageContext, reauthenticateFromForm, sessionPrincipal } from './page-context.ts';
import {
  checkCsrf,
  checkPreAuthFormToken,
  lookUpSession,
  type PortalViewer,
  preAuthFormToken,
} from './portal-session.ts';

/** The form as typed, bounded, for showing it again (never stored). */
function valuesOf(body: Record<string, unknown>): JoinValues {
  const values: JoinValues = {};
  for (const f of JOIN_FIELDS) {
    const v = body[f];
    if (f === 'personRegistries') {
      const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
      values.personRegistries = list.slice(0, 10).map((x) => String(x).slice(0, 20));
    } else if (typeof v === 'string') values[f] = v.slice(0, 300);
  }
  return values;
}

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
const query = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;

/**
 * The "Join Passi" journey (public: pre-auth form token, no session) and the operator's pages for
 * applications and terms of service (docs/portal.md "Joining", "Terms of service"). Two-step forms that
 * work without JavaScript; the values travel in the form until the applicant confirms.
 */
export function registerJoinPages(app: FastifyInstance, ctx: PortalPageContext): void {
  const { html, cookies } = ctx;

  app.get(JOIN_PATH, async (request, reply) =>
    html(
      reply,
      renderJoinFormPage({
        lang: requestLanguage(request),
        formToken: preAuthFormToken(cookies, request, reply),
        terms: await currentTerms(ctx.deps()),
      }),
    ),
  );

  app.post(JOIN_PATH, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    checkPreAuthFormToken(cookies, request, body.form);
    const formToken = str(body.form, 100);
    // The form carries the language it was shown in, so the next step keeps it without a cookie.
    const lang = LANGUAGES.find((l) => l === body.language) ?? requestLanguage(request);
    const deps = ctx.deps();
    const terms = await currentTerms(deps);
    const values = valuesOf(body);
    const formPage = (errors: JoinField[], status: number) =>
      html(reply, renderJoinFormPage({ lang, formToken, terms, values, errors }), status);
    if (body.step === 'edit') return formPage([], 200);
    const parsed = joinApplicationSchema.safeParse({ ...joinInputFromForm(body), language: lang });
    if (!parsed.success) return formPage(joinFieldErrors(parsed.error.issues), 400);
    if (!terms || parsed.data.termsVersion !== terms.id) return formPage(['termsVersion'], 409);
    if (body.step !== 'confirm') {
      return html(
        reply,
        renderJoinConfirmPage({
          lang,
          formToken,
          values,
          proposals: proposeOids(deps, { name: parsed.data.name }),
        }),
      );
    }
    const { statusLink } = await submitJoinApplication(deps, parsed.data, request.ip);
    return html(reply, renderJoinSentPage({ lang, email: parsed.data.contactEmail, statusLink }), 201);
  });

  app.get(JOIN_VERIFY_PATH, async (request, reply) => {
    const token = str(query(request).token, 200);
    const opened = await openJoinVerification(ctx.deps(), token);
    const formToken = preAuthFormToken(cookies, request, reply);
    return html(
      reply,
      renderJoinVerifyPage({ lang: requestLanguage(request), formToken, token, opened }),
      opened.ok ? 200 : 410,
    );
  });

  app.post(JOIN_VERIFY_PATH, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    checkPreAuthFormToken(cookies, request, body.form);
    const token = str(body.token, 200);
    const opened = await verifyJoinApplication(ctx.deps(), token, request.ip);
    return html(
      reply,
      renderJoinVerifyPage({
        lang: requestLanguage(request),
        formToken: str(body.form, 100),
        token,
        opened,
        done: true,
      }),
      opened.ok ? 200 : 410,
    );
  });

  app.get(JOIN_STATUS_PATH, async (request, reply) => {
    const token = str(query(request).token, 200);
    const application = await joinApplicationStatus(ctx.deps(), token);
    return html(
      reply,
      renderJoinStatusPage({ lang: requestLanguage(request), token, application }),
      application ? 200 : 404,
    );
  });

  // Operator pages: a session is required; requireOperator refuses (403) and audits every other role.
  const signedIn = async (
    request: FastifyRequest,
  ): Promise<{ viewer: PortalViewer; principal: Principal }> => {
    const found = await lookUpSession(ctx.deps(), cookies, request);
    if (!found.viewer) fail(ErrorCodes.PORTAL_SIGN_IN_REQUIRED, 'sign in first');
    if (request.method === 'POST')
      checkCsrf(found.viewer, (request.body as Record<string, unknown> | undefined)?.csrf);
    return { viewer: found.viewer, principal: sessionPrincipal(found.viewer) };
  };
  const toSignIn = async (request: FastifyRequest, reply: FastifyReply) => {
    const found = await lookUpSession(ctx.deps(), cookies, request);
    return found.viewer
      ? undefined
      : reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);
  };

  app.get(APPLICATIONS_PATH, async (request, reply) => {
    const redirect = await toSignIn(request, reply);
    if (redirect) return redirect;
    const { viewer, principal } = await signedIn(request);
    const lang = requestLanguage(request);
    const applications = await listPendingApplications(ctx.deps(), principal, request.ip);
    const q = query(request);
    const t = messages(lang);
    const approved = str(q.approved, 40);
    const notice = /^[\d.]+$/.test(approved)
      ? t['portal.applications.approved'].replace('{oid}', approved)
      : q.rejected === '1'
        ? t['portal.applications.rejected']
        : undefined;
    return html(
      reply,
      renderApplicationsPage({ lang, who: await ctx.whoBox(viewer, lang), applications, notice }),
    );
  });

  const detail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { oid?: string; problem?: ApplicationProblem; reauthNotice?: 'invalid' | 'locked' } = {},
    status = 200,
  ) => {
    const { viewer, principal } = await signedIn(request);
    const lang = requestLanguage(request);
    const id = str((request.params as Record<string, unknown>).id, 100);
    const found = await applicationForOperator(ctx.deps(), principal, id, request.ip);
    const recentAuth =
      ctx.deps().clock.now().getTime() - viewer.session.authenticatedAt.getTime() <=
      SESSION_POLICY.recentAuthMs;
    return html(
      reply,
      renderApplicationPage({ lang, who: await ctx.whoBox(viewer, lang), ...found, ...extra, recentAuth }),
      status,
    );
  };

  app.get(`${APPLICATIONS_PATH}/:id`, async (request, reply) => {
    const redirect = await toSignIn(request, reply);
    return redirect ?? detail(request, reply);
  });

  app.post(`${APPLICATIONS_PATH}/:id/approve`, async (request, reply) => {
    const { principal } = await signedIn(request);
    const id = str((request.params as Record<string, unknown>).id, 100);
    const oid = str((request.body as Record<string, unknown>).oid, 40).trim();
    try {
      const { organisationId } = await approveApplication(
        ctx.deps(),
        principal,
        { id, organisationOid: oid || undefined },
        request.ip,
      );
      return reply
        .header('cache-control', 'no-store')
        .redirect(`${APPLICATIONS_PATH}?approved=${organisationId}`, 303);
    } catch (e) {
      const refusal = isPassiError(e) ? approvalRefusal(e.detail) : undefined;
      if (isPassiError(e) && refusal) return detail(request, reply, { oid, problem: refusal }, e.status);
      // The sign-in went stale between showing the form and sending it: the page asks for it again.
      if (isPassiError(e) && e.code === ErrorCodes.PORTAL_SIGN_IN_REQUIRED)
        return detail(request, reply, { oid }, 401);
      throw e;
    }
  });

  app.post(`${APPLICATIONS_PATH}/:id/reauthenticate`, async (request, reply) => {
    const { viewer } = await signedIn(request);
    const id = str((request.params as Record<string, unknown>).id, 100);
    const result = await reauthenticateFromForm(ctx.deps(), viewer, request);
    if (!result.ok)
      return detail(request, reply, { reauthNotice: result.reason }, result.reason === 'locked' ? 429 : 401);
    return reply.header('cache-control', 'no-store').redirect(`${APPLICATIONS_PATH}/${id}`, 303);
  });

  app.post(`${APPLICATIONS_PATH}/:id/reject`, async (request, reply) => {
    const { principal } = await signedIn(request);
    const id = str((request.params as Record<string, unknown>).id, 100);
    const reason = str((request.body as Record<string, unknown>).reason, 2000).trim();
    if (!reason) return detail(request, reply, { problem: { field: 'reason' } }, 400);
    await rejectApplication(ctx.deps(), principal, { id, reason }, request.ip);
    return reply.header('cache-control', 'no-store').redirect(`${APPLICATIONS_PATH}?rejected=1`, 303);
  });

  const termsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { published?: number; invalid?: boolean } = {},
    status = 200,
  ) => {
    const { viewer, principal } = await signedIn(request);
    const lang = requestLanguage(request);
    const versions = await listTerms(ctx.deps(), principal, request.ip);
    return html(
      reply,
      renderTermsPage({ lang, who: await ctx.whoBox(viewer, lang), versions, ...extra }),
      status,
    );
  };

  app.get(TERMS_PATH, async (request, reply) => {
    const redirect = await toSignIn(request, reply);
    if (redirect) return redirect;
    return termsPage(request, reply, { published: Number(str(query(request).published, 10)) || undefined });
  });

  app.post(TERMS_PATH, async (request, reply) => {
    const { principal } = await signedIn(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = publishTermsSchema.safeParse({
      fi: str(body.fi, 50_001),
      sv: str(body.sv, 50_001),
      en: str(body.en, 50_001),
    });
    if (!parsed.success) return termsPage(request, reply, { invalid: true }, 400);
    const version = await publishTerms(ctx.deps(), principal, parsed.data, request.ip);
    return reply.header('cache-control', 'no-store').redirect(`${TERMS_PATH}?published=${version.id}`, 303);
  });
}

/** The refusal an approval's error names (decide-join-application.ts puts it in `detail.reason`). */
function approvalRefusal(detail: Record<string, unknown> | undefined): ApplicationProblem | undefined {
  const reason = detail?.reason;
  if (reason !== 'oid-missing' && reason !== 'oid-taken' && reason !== 'business-id-taken') return undefined;
  const organisationId = typeof detail?.organisationId === 'string' ? detail.organisationId : undefined;
  return { field: 'oid', reason, organisationId };
}
