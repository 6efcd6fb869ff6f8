import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, isPassiError } from '../../core/errors.ts';
import { pickText } from '../../core/language.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { MAX_METADATA_BYTES } from '../../protocols/saml/read-idp-metadata.ts';
import { logsInOverSaml } from '../../upstream/saml/idp-metadata-schedule.ts';
import { createIdpMetadataStore } from '../../upstream/saml/idp-metadata-store.ts';
import { createIntegration, suggestFlowName } from '../commands/integrations/create-integration.ts';
import { getIntegration } from '../commands/integrations/get-integration.ts';
import { integrationChoices } from '../commands/integrations/integration-choices.ts';
import { isWizardType, type WizardType } from '../commands/integrations/integration-input.ts';
import {
  type IntegrationIssue,
  IntegrationValidationError,
  issue,
} from '../commands/integrations/integration-issues.ts';
import { integrationSetup } from '../commands/integrations/integration-setup.ts';
import { listIntegrations } from '../commands/integrations/list-integrations.ts';
import { updateIntegration } from '../commands/integrations/update-integration.ts';
import { organisationOf, organisationRegistryOf } from '../commands/organisation-registry.ts';
import type { Principal } from '../domain/principal.ts';
import type { LogoRefusal } from '../logos/logo-image.ts';
import {
  type FormValues,
  inputOfForm,
  METADATA_FILE_FIELD,
  newFormValues,
  one,
  storedFormValues,
} from '../pages/integrations/integration-form-values.ts';
import {
  type IntegrationPageSection,
  renderIntegrationPage,
} from '../pages/integrations/integration-page.tsx';
import { integrationPath, integrationsPath } from '../pages/integrations/integration-paths.ts';
import { renderIntegrationWizardPage } from '../pages/integrations/integration-wizard-page.tsx';
import { renderIntegrationsListPage } from '../pages/integrations/integrations-list-page.tsx';
import { LOGO_UPLOAD_FORM, postLogoForm } from './logo-upload-route.ts';
import { type PortalPageContext, sessionPrincipal } from './page-context.ts';
import {
  authoriseChange,
  CSRF_FIELD,
  checkCsrf,
  lookUpSession,
  type PortalViewer,
} from './portal-session.ts';
import { readPostedForm, type UploadFormSpec } from './portal-uploads.ts';

/**
 * Pasted SAML metadata (up to 2 MB, read-idp-metadata.ts) arrives form-encoded in these two posts only;
 * every other portal form keeps the pages' small limit.
 */
const INTEGRATION_FORM_BODY_LIMIT = 3 * 1024 * 1024;

/**
 * The same two posts as file uploads: the SAML metadata file within the metadata reader's limit, the text
 * fields (every school and service checkbox at most) within the form-encoded limit.
 */
const INTEGRATION_UPLOAD_FORM: UploadFormSpec = {
  files: { [METADATA_FILE_FIELD]: MAX_METADATA_BYTES },
  fields: 11_000,
  fieldBytes: 2_100_000,
  totalFieldBytes: INTEGRATION_FORM_BODY_LIMIT,
};

/**
 * The posted form's values after its CSRF check, a metadata file's text taken as the pasted metadata XML
 * (the same checks follow); a file over the limit is an issue at the file field, and nothing is saved.
 */
async function postedIntegrationForm(
  request: FastifyRequest,
  viewer: PortalViewer,
): Promise<{ values: FormValues; fileIssues: IntegrationIssue[] }> {
  const form = await readPostedForm(request);
  checkCsrf(viewer, form.fields[CSRF_FIELD]);
  const file = form.files[METADATA_FILE_FIELD];
  if (file?.tooLarge)
    return {
      values: form.fields,
      fileIssues: [
        issue(METADATA_FILE_FIELD, 'metadata-file-too-large', 'the metadata file is larger than 2 MiB'),
      ],
    };
  const values = file ? { ...form.fields, 'settings.metadataXml': file.bytes.toString('utf8') } : form.fields;
  return { values, fileIssues: [] };
}

type OrgParams = { Params: { organisationId: string } };
type IntegrationParams = { Params: { organisationId: string; integrationId: string } };

/** Sections other features add to an integration's page (test login, production, history, expiry). */
export type IntegrationSectionsProvider = (input: {
  principal: Principal;
  organisationId: string;
  integrationId: string;
  viewer: PortalViewer;
  request: FastifyRequest;
}) => Promise<IntegrationPageSection[]>;

/**
 * An education provider's integrations (docs/portal.md "Integrations"): the list, the wizard per type and
 * each integration's page with its edit form. Plain forms, POST → 303; a refused save answers the same page
 * with the errors by field (400), or with who changed it meanwhile (409).
 */
export function registerIntegrationPages(
  app: FastifyInstance,
  ctx: PortalPageContext & { extraSections?: IntegrationSectionsProvider },
): void {
  const toSignIn = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);
  const orgIdOf = (request: FastifyRequest<OrgParams>) => request.params.organisationId.slice(0, 100);
  const mayChange = (viewer: PortalViewer) =>
    viewer.session.role === 'operator' || viewer.session.role === 'education-main';
  const organisationName = async (organisationId: string, lang: 'fi' | 'sv' | 'en') =>
    pickText((await organisationOf(organisationRegistryOf(ctx.deps()), organisationId)).name, lang) ||
    organisationId;

  app.get<OrgParams>('/portal/organisation/:organisationId/integrations', async (request, reply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) return toSignIn(reply);
    const lang = requestLanguage(request);
    const organisationId = orgIdOf(request);
    const integrations = await listIntegrations(
      ctx.deps(),
      sessionPrincipal(found.viewer),
      organisationId,
      request.ip,
    );
    return ctx.html(
      reply,
      renderIntegrationsListPage({
        lang,
        who: await ctx.whoBox(found.viewer, lang),
        organisationId,
        organisationName: await organisationName(organisationId, lang),
        integrations,
        canChange: mayChange(found.viewer),
      }),
    );
  });

  /** The wizard of one type, with the form's values and the issues of a refused save. */
  const wizard = async (
    request: FastifyRequest<OrgParams>,
    reply: FastifyReply,
    viewer: PortalViewer,
    type: WizardType,
    values: FormValues | undefined,
    issues: IntegrationValidationError['problems'],
  ) => {
    const deps = ctx.deps();
    const lang = requestLanguage(request);
    const organisationId = orgIdOf(request);
    const principal = sessionPrincipal(viewer);
    const organisation = await organisationOf(organisationRegistryOf(deps), organisationId);
    const choices = await integrationChoices(deps, principal, organisationId, request.ip);
    const shown =
      values ??
      newFormValues(type, await suggestFlowName(organisationRegistryOf(deps).repo, type, organisation));
    const flowName = one(shown, 'flowName') || type;
    return ctx.html(
      reply,
      renderIntegrationWizardPage({
        lang,
        who: await ctx.whoBox(viewer, lang),
        organisationId,
        organisationName: pickText(organisation.name, lang) || organisationId,
        type,
        setup: integrationSetup(type, flowName, deps.publicUrl),
        values: shown,
        issues,
        choices,
      }),
      issues.length > 0 ? 400 : 200,
    );
  };

  app.get<OrgParams & { Querystring: { type?: unknown } }>(
    '/portal/organisation/:organisationId/integrations/new',
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      const organisationId = orgIdOf(request);
      await authoriseChange(ctx.deps(), found.viewer, organisationId, 'create an integration', request.ip);
      const type = typeof request.query.type === 'string' ? request.query.type : '';
      if (!isWizardType(type))
        return reply
          .header('cache-control', 'no-store')
          .redirect(`${integrationsPath(organisationId)}#new-heading`, 303);
      return wizard(request, reply, found.viewer, type, undefined, []);
    },
  );

  app.post<OrgParams & { Querystring: { type?: unknown } }>(
    '/portal/organisation/:organisationId/integrations/new',
    { bodyLimit: INTEGRATION_FORM_BODY_LIMIT, config: { uploadForm: INTEGRATION_UPLOAD_FORM } },
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      const { values, fileIssues } = await postedIntegrationForm(request, found.viewer);
      const organisationId = orgIdOf(request);
      await authoriseChange(ctx.deps(), found.viewer, organisationId, 'create an integration', request.ip);
      const type = typeof request.query.type === 'string' ? request.query.type : '';
      if (!isWizardType(type)) fail(ErrorCodes.REQUEST_INVALID, 'unknown integration type');
      if (fileIssues.length > 0) return wizard(request, reply, found.viewer, type, values, fileIssues);
      try {
        const saved = await createIntegration(
          ctx.deps(),
          sessionPrincipal(found.viewer),
          organisationId,
          { type, ...inputOfForm(type, values) },
          request.ip,
        );
        return reply
          .header('cache-control', 'no-store')
          .redirect(
            `${integrationPath(organisationId, saved.id)}?saved=1&lang=${requestLanguage(request)}`,
            303,
          );
      } catch (e) {
        if (e instanceof IntegrationValidationError)
          return wizard(request, reply, found.viewer, type, values, e.problems);
        throw e;
      }
    },
  );

  /** One integration's page; `values`/`issues` of a refused save, `conflict` of a stale one. */
  const integrationPage = async (
    request: FastifyRequest<IntegrationParams & { Querystring: { saved?: unknown } }>,
    reply: FastifyReply,
    viewer: PortalViewer,
    refused: {
      values?: FormValues;
      issues?: IntegrationValidationError['problems'];
      conflict?: string;
      logoRefusal?: LogoRefusal;
    } = {},
  ) => {
    const deps = ctx.deps();
    const lang = requestLanguage(request);
    const organisationId = request.params.organisationId.slice(0, 100);
    const integrationId = request.params.integrationId.slice(0, 20);
    const principal = sessionPrincipal(viewer);
    const view = await getIntegration(deps, principal, organisationId, integrationId, request.ip);
    const choices = await integrationChoices(deps, principal, organisationId, request.ip);
    const type = view.wizardType;
    const metadata = logsInOverSaml(view.integration)
      ? await createIdpMetadataStore({ db: deps.db, clock: deps.clock }).status(integrationId)
      : undefined;
    const issues = refused.issues ?? [];
    return ctx.html(
      reply,
      renderIntegrationPage({
        lang,
        who: await ctx.whoBox(viewer, lang),
        organisationId,
        view,
        setup: integrationSetup(
          type ?? 'saml',
          view.integration.flowName,
          deps.publicUrl,
          view.integration.mapping,
        ),
        metadata,
        canChange: mayChange(viewer),
        saved: request.query.saved === '1',
        conflict: refused.conflict,
        logoRefusal: refused.logoRefusal,
        values: refused.values ?? (type ? storedFormValues(type, view.integration) : {}),
        issues,
        choices,
        extraSections: ctx.extraSections
          ? await ctx.extraSections({ principal, organisationId, integrationId, viewer, request })
          : [],
      }),
      refused.conflict ? 409 : issues.length > 0 || refused.logoRefusal ? 400 : 200,
    );
  };

  app.get<IntegrationParams & { Querystring: { saved?: unknown } }>(
    '/portal/organisation/:organisationId/integrations/:integrationId',
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      return integrationPage(request, reply, found.viewer);
    },
  );

  app.post<IntegrationParams & { Querystring: { saved?: unknown } }>(
    '/portal/organisation/:organisationId/integrations/:integrationId',
    { bodyLimit: INTEGRATION_FORM_BODY_LIMIT, config: { uploadForm: INTEGRATION_UPLOAD_FORM } },
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      const { values, fileIssues } = await postedIntegrationForm(request, found.viewer);
      const organisationId = request.params.organisationId.slice(0, 100);
      const integrationId = request.params.integrationId.slice(0, 20);
      await authoriseChange(ctx.deps(), found.viewer, organisationId, 'change an integration', request.ip);
      const revision = Number(one(values, 'revision'));
      if (!Number.isInteger(revision) || revision < 1)
        fail(ErrorCodes.REQUEST_INVALID, 'the form lacks its revision');
      const principal = sessionPrincipal(found.viewer);
      const view = await getIntegration(ctx.deps(), principal, organisationId, integrationId, request.ip);
      const type = view.wizardType;
      if (type === undefined) fail(ErrorCodes.REQUEST_INVALID, 'this integration is changed by an operator');
      if (fileIssues.length > 0)
        return integrationPage(request, reply, found.viewer, { values, issues: fileIssues });
      try {
        await updateIntegration(
          ctx.deps(),
          principal,
          organisationId,
          integrationId,
          { ...inputOfForm(type, values), expectedRevision: revision },
          request.ip,
        );
      } catch (e) {
        if (e instanceof IntegrationValidationError)
          return integrationPage(request, reply, found.viewer, { values, issues: e.problems });
        if (isPassiError(e) && e.code === ErrorCodes.REGISTRY_REVISION_CONFLICT)
          return integrationPage(request, reply, found.viewer, { conflict: conflictText(e.detail) });
        throw e;
      }
      return reply
        .header('cache-control', 'no-store')
        .redirect(
          `${integrationPath(organisationId, integrationId)}?saved=1&lang=${requestLanguage(request)}`,
          303,
        );
    },
  );

  // The discovery entry's logo (docs/portal.md "Logos"): a file upload of its own, beside the edit form.
  app.post<IntegrationParams & { Querystring: { saved?: unknown } }>(
    '/portal/organisation/:organisationId/integrations/:integrationId/logo',
    { config: { uploadForm: LOGO_UPLOAD_FORM } },
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      const organisationId = request.params.organisationId.slice(0, 100);
      const integrationId = request.params.integrationId.slice(0, 20);
      const outcome = await postLogoForm(ctx.deps(), found.viewer, request, {
        organisationId,
        kind: 'integration',
        entityId: integrationId,
      });
      if (outcome.kind === 'refused')
        return integrationPage(request, reply, found.viewer, { logoRefusal: outcome.refusal });
      if (outcome.kind === 'conflict')
        return integrationPage(request, reply, found.viewer, {
          conflict: conflictText(outcome.error.detail),
        });
      return reply
        .header('cache-control', 'no-store')
        .redirect(
          `${integrationPath(organisationId, integrationId)}?saved=1&lang=${requestLanguage(request)}#logo-heading`,
          303,
        );
    },
  );
}

/** "portal:anna@koulu.fi, 2026-12-04 10:12 UTC" from the conflict's detail (registry-repository.ts). */
function conflictText(detail: Record<string, unknown> | undefined): string {
  const by = typeof detail?.changedBy === 'string' ? detail.changedBy : '?';
  const at =
    typeof detail?.changedAt === 'string' ? `${detail.changedAt.slice(0, 16).replace('T', ' ')} UTC` : '';
  return [by, at].filter((s) => s !== '').join(', ');
}
