import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, isPassiError } from '../../core/errors.ts';
import { type Language, pickText } from '../../core/language.ts';
import { presentError } from '../../http/error-presentation.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { cspNonce } from '../../http/send-action.ts';
import { type Messages, messages } from '../../i18n/messages.ts';
import type { RegistryRepository } from '../../registry/registry-repository.ts';
import type { RegistryCache } from '../../registry/registry-snapshot.ts';
import type { Db } from '../../store/database.ts';
import type { SecretBox } from '../../store/secret-box.ts';
import { portalApiRoutes } from '../api/api-routes.ts';
import { API_BASE } from '../api/openapi-document.ts';
import { acceptInvitation, type LinkProblem, openInvitation } from '../commands/accept-invitation.ts';
import type { ExternalSignInSettings } from '../commands/external-sign-in.ts';
import { INVITATION_PATH } from '../commands/invite-person.ts';
import { organisationHealth } from '../commands/organisation-health.ts';
import { organisationDataQuality, TOP_PROBLEMS } from '../commands/organisation-insight.ts';
import { organisationRegistryOf } from '../commands/organisation-registry.ts';
import { type PortalDeps, portalStores } from '../commands/portal-deps.ts';
import { signIn } from '../commands/sign-in.ts';
import { switchMembership } from '../commands/switch-membership.ts';
import { passkeyEnrolmentOptions } from '../commands/webauthn-enrolment.ts';
import { passkeySignInOptions } from '../commands/webauthn-sign-in.ts';
import { OPERATOR_SCOPE } from '../domain/roles.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import { PASSKEY_JSON_MAX, PASSKEY_NAME_MAX } from '../domain/webauthn-relying-party.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { renderHomePage, renderPortalErrorPage } from '../pages/home-page.tsx';
import {
  renderInvitationDonePage,
  renderInvitationPage,
  renderLinkProblemPage,
} from '../pages/invitation-page.tsx';
import { PORTAL_PASSKEY_SCRIPT, PORTAL_STYLESHEET, type WhoBox } from '../pages/portal-layout.tsx';
import { renderSignInPage, type SignInNotice } from '../pages/sign-in-page.tsx';
import { createIntegrationTestStore } from '../store/integration-test-store.ts';
import { registerAgreementPages } from './agreement-pages.tsx';
import { registerEntraAttributeTestPages } from './entra-attribute-test-pages.tsx';
import { registerExternalSignIn } from './external-sign-in-routes.ts';
import { registerHealthPages } from './health-pages.tsx';
import { registerHistoryPages } from './history-pages.tsx';
import { registerInsightPages } from './insight-pages.tsx';
import { registerIntegrationPages } from './integration-pages.tsx';
import { registerIntegrationTestPages } from './integration-test-pages.tsx';
import { integrationTestSections } from './integration-test-sections.tsx';
import { registerJoinPages } from './join-pages.tsx';
import { registerLogoRoutes } from './logo-routes.ts';
import { registerOrganisationPages } from './organisation-pages.tsx';
import { sessionPrincipal } from './page-context.ts';
import { portalCookies } from './portal-cookies.ts';
import {
  CSRF_FIELD,
  checkCsrf,
  checkPreAuthFormToken,
  lookUpSession,
  type PortalViewer,
  preAuthFormToken,
} from './portal-session.ts';
import { installPortalUploads } from './portal-uploads.ts';
import { registerReadinessPages } from './readiness-pages.tsx';
import { registerServicePages } from './service-pages.tsx';
import { registerTokenPages } from './token-pages.tsx';
import { registerUnsubscribePages } from './unsubscribe-pages.tsx';
import { registerWeeklySummaryPages } from './weekly-summary-pages.tsx';

const stylesheet = readFileSync(new URL('../assets/portal.css', import.meta.url), 'utf8');
const passkeyScript = readFileSync(new URL('../assets/passkey.js', import.meta.url), 'utf8');

export interface PortalRouteDeps {
  publicUrl: string;
  mail: { smtpUrl?: string; mailFrom: string; dataDir: string };
  clock: Clock;
  db: () => Db;
  box: () => SecretBox;
  registry: () => RegistryCache;
  repo: () => RegistryRepository;
  /** The operator's external OpenID provider for sign-in, when configured. */
  externalSignIn?: ExternalSignInSettings;
  /** The registry and organisation data for approving applications to join (docs/portal.md "Joining"). */
  join?: () => NonNullable<PortalDeps['joining']>;
  /** How long raw login reports are kept (PASSI_LOGIN_REPORT_RETENTION_DAYS), for the support trace. */
  loginReportRetentionDays?: number;
  /** PASSI_PRODUCTION_INTEGRATIONS_NEED_APPROVAL (docs/portal.md "Test login and production"). */
  productionIntegrationsNeedApproval?: boolean;
  /** The HMAC key of the weekly summary's unsubscribe links (docs/operations.md "Weekly summary"). */
  unsubscribeSecret: () => Buffer;
}

const short = (max: number) => z.string().max(max);
const signInForm = z.object({
  form: short(100),
  email: short(254),
  password: short(256),
  code: short(20),
  passkey: short(PASSKEY_JSON_MAX).optional(),
});
const invitationForm = z.object({
  form: short(100),
  token: short(100),
  name: short(200),
  password: short(256),
  password2: short(256),
  code: short(20).default(''),
  factor: z.enum(['totp', 'passkey']).default('totp'),
  passkey: short(PASSKEY_JSON_MAX).optional(),
  passkeyName: short(PASSKEY_NAME_MAX).optional(),
});
const passkeySignInForm = z.object({ form: short(100), email: short(254), password: short(256) });
const passkeyEnrolForm = z.object({ form: short(100), token: short(100), name: short(200).default('') });

/**
 * The management portal's pages (docs/portal.md): sign-in, invitations, and the signed-in shell. Pages are
 * server-rendered and work without JavaScript; every POST carries a CSRF token.
 */
export function portalRoutes(input: PortalRouteDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const cookies = portalCookies(input.publicUrl);
    let mailer: Mailer | undefined;
    const deps = (): PortalDeps => {
      mailer ??= createMailer(input.mail, (line) => app.log.warn(line));
      return {
        db: input.db(),
        box: input.box(),
        clock: input.clock,
        mailer,
        publicUrl: input.publicUrl,
        registry: { cache: input.registry(), repo: input.repo() },
        joining: input.join?.(),
        loginReportRetentionDays: input.loginReportRetentionDays,
        productionIntegrationsNeedApproval: input.productionIntegrationsNeedApproval,
        // "Never tested" on the Needs attention page: any passed test login counts (docs/portal.md).
        testLogins: {
          lastPassedTestAt: (integrationId) =>
            createIntegrationTestStore(input.db()).lastPassedSince(integrationId, new Date(0)),
        },
      };
    };
    const html = (reply: FastifyReply, body: string, status = 200) =>
      reply
        .status(status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(body);

    const organisationName = async (organisationId: string, lang: Language, t?: Messages) => {
      if (organisationId === OPERATOR_SCOPE) return t ? t['portal.operatorScope'] : organisationId;
      const org = (await input.registry().current()).organisations.get(organisationId);
      return org ? pickText(org.name, lang) || organisationId : organisationId;
    };
    const whoBox = async (viewer: PortalViewer, lang: Language): Promise<WhoBox> => {
      return {
        name: viewer.person.displayName,
        email: viewer.person.email,
        organisationId: viewer.session.organisationId,
        organisationName: await organisationName(viewer.session.organisationId, lang, messages(lang)),
        role: viewer.session.role,
        csrf: viewer.session.csrfToken,
        others: await Promise.all(
          (await portalStores(input.db(), input.clock).people.memberships(viewer.person.id))
            .filter(
              (m) => m.organisationId !== viewer.session.organisationId || m.role !== viewer.session.role,
            )
            .map(async (m) => ({
              value: `${m.role}|${m.organisationId}`,
              label: `${await organisationName(m.organisationId, lang, messages(lang))} – ${messages(lang)[`portal.role.${m.role}`]}`,
            })),
        ),
      };
    };

    app.setErrorHandler(async (error, request, reply) => {
      const p = presentError(error);
      request.log[p.status >= 500 ? 'error' : 'info'](
        { err: error, errorId: request.id, code: p.code },
        'portal request failed',
      );
      const lang = requestLanguage(request);
      if (isPassiError(error) && error.code === ErrorCodes.PORTAL_LINK_INVALID) {
        const problem = (error.detail?.problem as LinkProblem | undefined) ?? 'unknown';
        return html(
          reply,
          renderLinkProblemPage({ lang, problem, selfPath: request.url.split('?')[0] ?? '/portal/' }),
          410,
        );
      }
      const text = (t: Messages) =>
        p.code === ErrorCodes.FORM_TOKEN_INVALID
          ? t['portal.error.formToken']
          : p.code === ErrorCodes.UNSUPPORTED_MEDIA_TYPE
            ? t['portal.error.unsupportedMediaType']
            : p.code === ErrorCodes.PORTAL_FORBIDDEN
              ? t['portal.error.forbidden']
              : p.code === ErrorCodes.RATE_LIMITED
                ? t['portal.error.rateLimited']
                : p.status === 400
                  ? t['portal.error.request']
                  : p.status === 404
                    ? t['error.notFound']
                    : t['portal.error.generic'];
      return html(
        reply.header('x-passi-error-code', p.code),
        renderPortalErrorPage({ lang, status: p.status, text, errorId: request.id }),
        p.status,
      );
    });

    await app.register(portalApiRoutes({ deps, cookies, publicUrl: input.publicUrl }), { prefix: API_BASE });

    app.get(PORTAL_STYLESHEET, async (_request, reply) =>
      reply
        .header('content-type', 'text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(stylesheet),
    );
    app.get(PORTAL_PASSKEY_SCRIPT, async (_request, reply) =>
      reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(passkeyScript),
    );
    app.get('/portal', async (_request, reply) => reply.redirect('/portal/', 303));

    app.get('/portal/', async (request, reply) => {
      const found = await lookUpSession(deps(), cookies, request);
      if (!found.viewer) {
        if (found.ended) cookies.clearSession(reply);
        return reply
          .header('cache-control', 'no-store')
          .redirect(found.ended ? '/portal/sign-in?ended=1' : '/portal/sign-in', 303);
      }
      const lang = requestLanguage(request);
      const { session } = found.viewer;
      const recent = await portalStores(deps().db, input.clock).audit.list({
        organisationId: session.role === 'operator' ? undefined : session.organisationId,
        limit: 10,
      });
      // An education provider's front page shows its top data problems (docs/portal.md "Data quality").
      const topProblems = session.role.startsWith('education-')
        ? (
            await organisationDataQuality(
              deps(),
              sessionPrincipal(found.viewer),
              { organisationId: session.organisationId },
              request.ip,
            )
          ).problems.slice(0, TOP_PROBLEMS)
        : undefined;
      // What is about to break, for everyone (docs/portal.md "Needs attention"); operators: every organisation.
      const needsAttention = await organisationHealth(
        deps(),
        sessionPrincipal(found.viewer),
        session.role === 'operator' ? OPERATOR_SCOPE : session.organisationId,
        request.ip,
      );
      return html(
        reply,
        renderHomePage({ lang, who: await whoBox(found.viewer, lang), recent, topProblems, needsAttention }),
      );
    });

    app.get('/portal/sign-in', async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const notice: SignInNotice | undefined =
        query.ended === '1'
          ? 'ended'
          : query.out === '1'
            ? 'signedOut'
            : query.ready === '1'
              ? 'accountReady'
              : undefined;
      return html(
        reply,
        renderSignInPage({
          lang: requestLanguage(request),
          formToken: preAuthFormToken(cookies, request, reply),
          notice,
          nonce: cspNonce(reply),
          externalSignIn: input.externalSignIn?.name,
        }),
      );
    });

    app.post('/portal/sign-in', async (request, reply) => {
      const form = parseForm(signInForm, request.body);
      checkPreAuthFormToken(cookies, request, form.form);
      const result = await signIn(deps(), {
        email: form.email,
        password: form.password,
        code: form.code,
        passkey: form.passkey || undefined,
        ip: request.ip,
      });
      if (!result.ok) {
        return html(
          reply,
          renderSignInPage({
            lang: requestLanguage(request),
            formToken: form.form,
            email: form.email,
            notice: result.reason,
            nonce: cspNonce(reply),
            externalSignIn: input.externalSignIn?.name,
          }),
          result.reason === 'locked' ? 429 : 401,
        );
      }
      cookies.setSession(reply, result.sessionToken, SESSION_POLICY.absoluteMs / 1000);
      return reply.header('cache-control', 'no-store').redirect('/portal/', 303);
    });

    // Passkey options for the passkey script (docs/portal.md "Passkeys"): JSON, same form token as the page.
    app.post('/portal/sign-in/passkey-options', async (request, reply) => {
      const form = parseForm(passkeySignInForm, request.body);
      checkPreAuthFormToken(cookies, request, form.form);
      const result = await passkeySignInOptions(deps(), {
        email: form.email,
        password: form.password,
        ip: request.ip,
      });
      reply.header('cache-control', 'no-store');
      if (result.ok) return reply.send({ options: result.options });
      const t = messages(requestLanguage(request));
      const notice = result.reason === 'none' ? 'noPasskey' : result.reason;
      return reply
        .status(result.reason === 'locked' ? 429 : result.reason === 'none' ? 409 : 401)
        .send({ message: t[`portal.signIn.notice.${notice}`] });
    });

    app.post('/portal/invitation/passkey-options', async (request, reply) => {
      const form = parseForm(passkeyEnrolForm, request.body);
      checkPreAuthFormToken(cookies, request, form.form);
      const options = await passkeyEnrolmentOptions(deps(), { token: form.token, displayName: form.name });
      return reply.header('cache-control', 'no-store').send({ options });
    });

    // A person with roles in several organisations works in one at a time; switching is checked and audited.
    app.post('/portal/organisation', async (request, reply) => {
      const found = await lookUpSession(deps(), cookies, request);
      if (!found.viewer) return reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);
      const body = (request.body ?? {}) as Record<string, unknown>;
      checkCsrf(found.viewer, body[CSRF_FIELD]);
      const [role, organisationId] = String(body.membership ?? '')
        .slice(0, 200)
        .split('|');
      await switchMembership(
        deps(),
        found.viewer,
        { role: role ?? '', organisationId: organisationId ?? '' },
        request.ip,
      );
      return reply.header('cache-control', 'no-store').redirect('/portal/', 303);
    });

    app.post('/portal/sign-out', async (request, reply) => {
      const found = await lookUpSession(deps(), cookies, request);
      if (found.viewer) {
        checkCsrf(found.viewer, (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD]);
        const stores = portalStores(deps().db, input.clock);
        await stores.sessions.remove(found.viewer.session.idHash);
        await stores.audit.record({
          actor: found.viewer.person.id,
          action: 'sign-out',
          organisationId: found.viewer.session.organisationId,
          subject: found.viewer.person.email,
          ip: request.ip,
        });
      }
      cookies.clearSession(reply);
      return reply.header('cache-control', 'no-store').redirect('/portal/sign-in?out=1', 303);
    });

    registerTokenPages(app, { deps, cookies, whoBox, html });
    registerOrganisationPages(app, {
      deps,
      cookies,
      whoBox,
      html,
      registry: () => organisationRegistryOf(deps()),
    });
    registerReadinessPages(app, { deps, cookies, whoBox, html });
    registerEntraAttributeTestPages(app, { deps, cookies, whoBox, html });
    registerInsightPages(app, { deps, cookies, whoBox, html });
    registerHistoryPages(app, { deps, cookies, whoBox, html });
    registerHealthPages(app, { deps, cookies, whoBox, html });
    registerLogoRoutes(app, deps);
    registerExternalSignIn(app, { ...input, deps, cookies, html });
    registerJoinPages(app, { deps, cookies, whoBox, html });
    registerWeeklySummaryPages(app, { deps, cookies, whoBox, html });
    // The pages with file uploads (logos, SAML metadata files) in their own scope: only they parse multipart.
    await app.register(async (uploads) => {
      await installPortalUploads(uploads);
      registerIntegrationPages(uploads, {
        deps,
        cookies,
        whoBox,
        html,
        extraSections: integrationTestSections(deps),
      });
      registerServicePages(uploads, { deps, cookies, whoBox, html });
    });
    registerIntegrationTestPages(app, { deps, cookies, whoBox, html, publicUrl: input.publicUrl });
    registerAgreementPages(app, { deps, cookies, whoBox, html });
    registerUnsubscribePages(app, {
      db: input.db,
      secret: input.unsubscribeSecret,
      now: () => input.clock.now(),
      organisationName: (id, lang) => organisationName(id, lang),
      html,
    });

    app.get(INVITATION_PATH, async (request, reply) => {
      const token = String((request.query as Record<string, unknown>).token ?? '');
      const lang = requestLanguage(request);
      const invitation = await openInvitation(deps(), token);
      return html(
        reply,
        renderInvitationPage({
          lang,
          token,
          formToken: preAuthFormToken(cookies, request, reply),
          invitation,
          organisationName: await organisationName(invitation.organisationId, lang),
          nonce: cspNonce(reply),
        }),
      );
    });

    app.post(INVITATION_PATH, async (request, reply) => {
      const form = parseForm(invitationForm, request.body);
      checkPreAuthFormToken(cookies, request, form.form);
      const lang = requestLanguage(request);
      const result = await acceptInvitation(deps(), {
        token: form.token,
        displayName: form.name,
        password: form.password,
        passwordAgain: form.password2,
        code: form.code,
        factor: form.factor,
        passkey: form.passkey,
        passkeyName: form.passkeyName,
        ip: request.ip,
      });
      if (!result.ok) {
        return html(
          reply,
          renderInvitationPage({
            lang,
            token: form.token,
            formToken: form.form,
            invitation: result.invitation,
            organisationName: await organisationName(result.invitation.organisationId, lang),
            displayName: form.name,
            problem: result.problem,
            factor: form.factor,
            passkeyName: form.passkeyName,
            nonce: cspNonce(reply),
          }),
          400,
        );
      }
      return html(reply, renderInvitationDonePage({ lang, recoveryCodes: result.recoveryCodes }));
    });
  };
}

/** A form body within its bounds, or 400 with nothing stored. */
function parseForm<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) fail(ErrorCodes.REQUEST_INVALID, 'form fields missing or too long');
  return parsed.data;
}
