import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pickText } from '../../core/language.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { organisationOf, organisationRegistryOf } from '../commands/organisation-registry.ts';
import {
  agreementRequests,
  agreementRequestsPath,
  decideAgreement,
  declineReasonSchema,
  requestAgreement,
  servicesForPupils,
  servicesForPupilsPath,
  withdrawAgreement,
} from '../commands/service-agreements.ts';
import { canChange } from '../domain/roles.ts';
import {
  type AgreementRequestsNotice,
  renderAgreementRequestsPage,
} from '../pages/agreement-requests-page.tsx';
import { type PupilServicesNotice, renderServicesForPupilsPage } from '../pages/services-for-pupils-page.tsx';
import { type PortalPageContext, sessionPrincipal } from './page-context.ts';
import {
  authoriseChange,
  CSRF_FIELD,
  checkCsrf,
  lookUpSession,
  type PortalViewer,
} from './portal-session.ts';

const PUPIL_NOTICES: readonly PupilServicesNotice[] = ['requested', 'withdrawn'];
const REQUEST_NOTICES: readonly AgreementRequestsNotice[] = ['accepted', 'declined'];
const pick = <T extends string>(list: readonly T[], value: unknown): T | undefined =>
  list.find((v) => v === value);

/**
 * Services for pupils (education providers) and agreement requests (service providers), docs/portal.md
 * "Services for pupils": read by everyone who may see the organisation; the actions are plain form POSTs
 * with the session's CSRF token that call the same commands as the JSON API.
 */
export function registerAgreementPages(app: FastifyInstance, ctx: PortalPageContext): void {
  const toSignIn = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);
  const orgName = async (organisationId: string, lang: ReturnType<typeof requestLanguage>) =>
    pickText((await organisationOf(organisationRegistryOf(ctx.deps()), organisationId)).name, lang) ||
    organisationId;

  for (const [short, path] of [
    ['/portal/services-for-pupils', servicesForPupilsPath],
    ['/portal/agreement-requests', agreementRequestsPath],
  ] as const) {
    app.get(short, async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      return reply
        .header('cache-control', 'no-store')
        .redirect(path(found.viewer.session.organisationId), 303);
    });
  }

  app.get<{ Params: { organisationId: string }; Querystring: { saved?: unknown } }>(
    '/portal/organisation/:organisationId/services-for-pupils',
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      const lang = requestLanguage(request);
      const organisationId = request.params.organisationId.slice(0, 100);
      const r = await servicesForPupils(
        ctx.deps(),
        sessionPrincipal(found.viewer),
        organisationId,
        request.ip,
      );
      return ctx.html(
        reply,
        renderServicesForPupilsPage({
          lang,
          who: await ctx.whoBox(found.viewer, lang),
          organisationId,
          organisationName: await orgName(organisationId, lang),
          services: r.services,
          canChange: canChange(found.viewer.session.role) && found.viewer.session.role !== 'service-main',
          notice: pick(PUPIL_NOTICES, request.query.saved),
        }),
      );
    },
  );

  for (const action of ['request', 'withdraw'] as const) {
    app.post<{ Params: { organisationId: string; serviceId: string } }>(
      `/portal/organisation/:organisationId/services-for-pupils/:serviceId/${action}`,
      async (request, reply) => {
        const viewer = await formViewer(request, reply);
        if (!viewer) return reply;
        const organisationId = request.params.organisationId.slice(0, 100);
        const serviceId = request.params.serviceId.slice(0, 100);
        await authoriseChange(
          ctx.deps(),
          viewer,
          organisationId,
          `${action} a service agreement`,
          request.ip,
        );
        const command = action === 'request' ? requestAgreement : withdrawAgreement;
        await command(ctx.deps(), sessionPrincipal(viewer), organisationId, serviceId, request.ip);
        const saved = action === 'request' ? 'requested' : 'withdrawn';
        return reply
          .header('cache-control', 'no-store')
          .redirect(
            `${servicesForPupilsPath(organisationId)}?saved=${saved}&lang=${requestLanguage(request)}`,
            303,
          );
      },
    );
  }

  const renderRequests = async (
    viewer: PortalViewer,
    organisationId: string,
    lang: ReturnType<typeof requestLanguage>,
    ip: string,
    extra: { notice?: AgreementRequestsNotice; missingReason?: string },
  ) => {
    const r = await agreementRequests(ctx.deps(), sessionPrincipal(viewer), organisationId, ip);
    return renderAgreementRequestsPage({
      lang,
      who: await ctx.whoBox(viewer, lang),
      organisationId,
      organisationName: await orgName(organisationId, lang),
      requests: r.requests,
      canChange: canChange(viewer.session.role) && viewer.session.role !== 'education-main',
      ...extra,
    });
  };

  app.get<{ Params: { organisationId: string }; Querystring: { saved?: unknown } }>(
    '/portal/organisation/:organisationId/agreement-requests',
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      const organisationId = request.params.organisationId.slice(0, 100);
      const page = await renderRequests(found.viewer, organisationId, requestLanguage(request), request.ip, {
        notice: pick(REQUEST_NOTICES, request.query.saved),
      });
      return ctx.html(reply, page);
    },
  );

  for (const action of ['accept', 'decline'] as const) {
    app.post<{ Params: { organisationId: string; requestId: string } }>(
      `/portal/organisation/:organisationId/agreement-requests/:requestId/${action}`,
      async (request, reply) => {
        const viewer = await formViewer(request, reply);
        if (!viewer) return reply;
        const lang = requestLanguage(request);
        const organisationId = request.params.organisationId.slice(0, 100);
        const requestId = request.params.requestId.slice(0, 100);
        await authoriseChange(
          ctx.deps(),
          viewer,
          organisationId,
          `${action} a service agreement`,
          request.ip,
        );
        const body = (request.body ?? {}) as Record<string, unknown>;
        const reason = declineReasonSchema.safeParse(body.reason);
        if (action === 'decline' && !reason.success) {
          const page = await renderRequests(viewer, organisationId, lang, request.ip, {
            missingReason: requestId,
          });
          return ctx.html(reply, page, 400);
        }
        await decideAgreement(
          ctx.deps(),
          sessionPrincipal(viewer),
          organisationId,
          requestId,
          action === 'accept' ? { accept: true } : { accept: false, reason: reason.data ?? '' },
          request.ip,
        );
        const saved = action === 'accept' ? 'accepted' : 'declined';
        return reply
          .header('cache-control', 'no-store')
          .redirect(`${agreementRequestsPath(organisationId)}?saved=${saved}&lang=${lang}`, 303);
      },
    );
  }

  /** The signed-in viewer of a form POST with its CSRF token checked; undefined after sending to sign in. */
  async function formViewer(request: FastifyRequest, reply: FastifyReply): Promise<PortalViewer | undefined> {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) {
      toSignIn(reply);
      return undefined;
    }
    checkCsrf(found.viewer, ((request.body ?? {}) as Record<string, unknown>)[CSRF_FIELD]);
    return found.viewer;
  }
}
