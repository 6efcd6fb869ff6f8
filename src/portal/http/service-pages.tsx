import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../core/error-codes.ts';
import { isPassiError, ValidationError } from '../../core/errors.ts';
import { type Language, pickText } from '../../core/language.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { messages } from '../../i18n/messages.ts';
import { MAX_SP_METADATA_BYTES } from '../../protocols/saml/read-sp-metadata.ts';
import { createServiceBody, updateServiceBody } from '../api/service-operations.ts';
import { createProductionService } from '../commands/create-production-service.ts';
import { createService } from '../commands/create-service.ts';
import { getService, listServices } from '../commands/list-services.ts';
import { organisationOf, organisationRegistryOf } from '../commands/organisation-registry.ts';
import { rotateClientSecret } from '../commands/rotate-client-secret.ts';
import { createServiceSet, listServiceSets } from '../commands/service-sets.ts';
import { updateService } from '../commands/update-service.ts';
import { canChange } from '../domain/roles.ts';
import { sizeText } from '../pages/file-field.tsx';
import {
  type FormProblem,
  renderSecretPage,
  renderServicePage,
  renderServicesPage,
  servicePath,
  servicesPath,
} from '../pages/services-page.tsx';
import { LOGO_UPLOAD_FORM, postLogoForm } from './logo-upload-route.ts';
import { type PortalPageContext, sessionPrincipal } from './page-context.ts';
import { CSRF_FIELD, checkCsrf, lookUpSession, type PortalViewer } from './portal-session.ts';
import { readPostedForm, type UploadFormSpec } from './portal-uploads.ts';

/** The SAML metadata file field of the service forms (create and edit). */
const METADATA_FILE = 'metadataFile';
/** The create and edit forms as file uploads: the metadata file within the metadata reader's limit. */
const SERVICE_UPLOAD_FORM: UploadFormSpec = {
  files: { [METADATA_FILE]: MAX_SP_METADATA_BYTES },
  fields: 200,
  fieldBytes: 600_000,
  totalFieldBytes: 1024 * 1024,
};
const metadataTooLarge = (lang: Language) =>
  messages(lang)['portal.upload.metadataTooLarge'].replace('{size}', sizeText(MAX_SP_METADATA_BYTES));

type Form = Record<string, unknown>;
const text = (form: Form, key: string, max = 2000) => {
  const v = form[key];
  return typeof v === 'string' ? v.slice(0, max) : '';
};
const list = (form: Form, key: string) => {
  const v = form[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );
};
const lines = (form: Form, key: string) =>
  text(form, key, 40_000)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const nameOf = (form: Form) => ({
  fi: text(form, 'name_fi', 200) || undefined,
  sv: text(form, 'name_sv', 200) || undefined,
  en: text(form, 'name_en', 200) || undefined,
});

/** The create form as the API's body: the page and the API validate the same way. */
function serviceInputOf(form: Form): unknown {
  const common = {
    name: nameOf(form),
    ...(list(form, 'serviceSetIds').length ? { serviceSetIds: list(form, 'serviceSetIds') } : {}),
    ...(list(form, 'releasedAttributes').length
      ? { releasedAttributes: list(form, 'releasedAttributes') }
      : {}),
  };
  if (text(form, 'protocol') === 'saml')
    return {
      ...common,
      protocol: 'saml',
      ...(text(form, 'metadataUrl').trim() ? { metadataUrl: text(form, 'metadataUrl').trim() } : {}),
      ...(text(form, 'metadataXml', 600_000).trim()
        ? { metadataXml: text(form, 'metadataXml', 600_000) }
        : {}),
      nameIdFormat: text(form, 'nameIdFormat') === 'persistent' ? 'persistent' : 'transient',
    };
  return {
    ...common,
    protocol: 'oidc',
    redirectUris: lines(form, 'redirectUris'),
    postLogoutRedirectUris: lines(form, 'postLogoutRedirectUris'),
    tokenEndpointAuthMethod:
      text(form, 'tokenEndpointAuthMethod') === 'client_secret_post'
        ? 'client_secret_post'
        : 'client_secret_basic',
  };
}

/** The edit form as the API's update body (only the fields of the service's protocol are on the page). */
function updateInputOf(form: Form): unknown {
  const revision = Number.parseInt(text(form, 'revision', 12), 10);
  const saml = form.acsUrls !== undefined;
  return {
    expectedRevision: Number.isNaN(revision) ? 0 : revision,
    name: nameOf(form),
    status: text(form, 'status') === 'inactive' ? 'inactive' : 'active',
    // The access and service-set fieldsets (service-access-fields.tsx); a form without them keeps both.
    ...(form.access !== undefined
      ? {
          access: text(form, 'access') === 'agreement' ? 'agreement' : 'open',
          serviceSetIds: list(form, 'serviceSetIds'),
        }
      : {}),
    releasedAttributes: list(form, 'releasedAttributes').length ? list(form, 'releasedAttributes') : null,
    ...(saml
      ? {
          acsUrls: lines(form, 'acsUrls'),
          nameIdFormat: text(form, 'nameIdFormat') === 'persistent' ? 'persistent' : 'transient',
          ...(text(form, 'metadataUrl').trim() ? { metadataUrl: text(form, 'metadataUrl').trim() } : {}),
          ...(text(form, 'metadataXml', 600_000).trim()
            ? { metadataXml: text(form, 'metadataXml', 600_000) }
            : {}),
        }
      : {
          redirectUris: lines(form, 'redirectUris'),
          postLogoutRedirectUris: lines(form, 'postLogoutRedirectUris'),
          tokenEndpointAuthMethod:
            text(form, 'tokenEndpointAuthMethod') === 'client_secret_post'
              ? 'client_secret_post'
              : 'client_secret_basic',
        }),
  };
}

/** Which field a problem is about (its id on the page), from the path of a validation issue. */
function fieldOf(path: string, prefix: string): string {
  if (/postLogoutRedirectUris/.test(path)) return 'postLogoutRedirectUris';
  if (/redirectUris/.test(path)) return 'redirectUris';
  if (/^saml\.acs|^acsUrls/.test(path) && prefix === 'edit') return 'acsUrls';
  if (/^(saml|metadata)/.test(path)) return 'metadataUrl';
  if (/^releasedAttributes/.test(path)) return `${prefix}-attr-uid`;
  if (/^serviceSet/.test(path) && prefix === 'edit') return 'edit-sets';
  return `${prefix}-name-fi`;
}

/** The field's label in the page's language, so the summary names what the person sees. */
function labelOf(field: string, t: ReturnType<typeof messages>): string {
  if (field === 'redirectUris') return t['portal.services.redirectUris'];
  if (field === 'postLogoutRedirectUris') return t['portal.services.postLogoutUris'];
  if (field === 'metadataUrl') return t['portal.services.metadataUrl'];
  if (field === 'acsUrls') return t['portal.services.acsUrls'];
  if (field.endsWith('-attr-uid')) return t['portal.services.attributes'];
  if (field === 'edit-sets') return t['portal.services.editSets'];
  return t['portal.services.name.fi'];
}

/**
 * A refusal the person can fix, as the form's error summary: the validation issues, or the reason the
 * metadata was refused in the page's language. Anything else is the portal's error page.
 */
function problemsOf(error: unknown, lang: Language, prefix: string): FormProblem[] | undefined {
  const t = messages(lang);
  if (error instanceof ValidationError)
    return error.issues.map((i) => {
      const field = fieldOf(i.path, prefix);
      return { field, text: `${labelOf(field, t)} (${i.path}): ${i.message}` };
    });
  if (!isPassiError(error)) return undefined;
  if (error.code === ErrorCodes.PORTAL_SERVICE_METADATA_INVALID) {
    const reason = String(Reflect.get(Object(error.detail), 'reason') ?? '');
    const key = `portal.services.metadata.${reason}`;
    const known = Object.hasOwn(t, key) ? t[key as keyof typeof t] : undefined;
    return [
      { field: 'metadataUrl', text: known ?? `${t['portal.services.metadata.fetch']} (${error.message})` },
    ];
  }
  if (error.code === ErrorCodes.PORTAL_SERVICE_NOT_TESTED)
    return [{ field: 'production-heading', text: t['portal.services.notTested'] }];
  if (error.code === ErrorCodes.REQUEST_INVALID || error.code === ErrorCodes.REGISTRY_CONFLICT)
    return [{ field: `${prefix}-name-fi`, text: error.message }];
  return undefined;
}

/**
 * The service provider's services (docs/portal.md "Services"): plain forms (no JavaScript), the same
 * commands as the JSON API. A generated secret is shown on the answer to the POST that made it, never again.
 */
export function registerServicePages(app: FastifyInstance, ctx: PortalPageContext): void {
  type OrgRequest = FastifyRequest<{ Params: { organisationId: string } }>;
  type ServiceRequest = FastifyRequest<{ Params: { organisationId: string; serviceId: string } }>;
  const toSignIn = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);

  const listPage = async (
    request: OrgRequest,
    reply: FastifyReply,
    viewer: PortalViewer,
    problems?: FormProblem[],
  ) => {
    const deps = ctx.deps();
    const lang = requestLanguage(request);
    const organisationId = request.params.organisationId.slice(0, 100);
    const principal = sessionPrincipal(viewer);
    const services = await listServices(deps, principal, organisationId, request.ip);
    const sets = await listServiceSets(deps, principal, organisationId, request.ip);
    const org = await organisationOf(organisationRegistryOf(deps), organisationId);
    return ctx.html(
      reply,
      renderServicesPage({
        lang,
        who: await ctx.whoBox(viewer, lang),
        organisationId,
        organisationName: pickText(org.name, lang) || organisationId,
        services,
        sets,
        canChange: viewer.session.role === 'service-main' || viewer.session.role === 'operator',
        ...(problems ? { problems } : {}),
      }),
      problems ? 400 : 200,
    );
  };

  const servicePage = async (
    request: ServiceRequest,
    reply: FastifyReply,
    viewer: PortalViewer,
    problems?: FormProblem[],
    status = problems ? 400 : 200,
  ) => {
    const lang = requestLanguage(request);
    const { organisationId, serviceId } = request.params;
    const principal = sessionPrincipal(viewer);
    const service = await getService(ctx.deps(), principal, organisationId, serviceId, request.ip);
    const sets = await listServiceSets(ctx.deps(), principal, organisationId, request.ip);
    return ctx.html(
      reply,
      renderServicePage({
        lang,
        who: await ctx.whoBox(viewer, lang),
        service,
        sets,
        canChange: canChange(viewer.session.role) && viewer.session.role !== 'education-main',
        ...(problems ? { problems } : {}),
        saved: (request.query as Record<string, unknown> | undefined)?.saved === '1',
      }),
      status,
    );
  };

  const secretPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: PortalViewer,
    shown: { organisationId: string; serviceId: string; clientId: string; secret: string },
  ) => {
    const lang = requestLanguage(request);
    return ctx.html(
      reply.header('cache-control', 'no-store'),
      renderSecretPage({ lang, who: await ctx.whoBox(viewer, lang), ...shown }),
    );
  };

  /**
   * The session and its CSRF token for a POST; undefined when the caller was sent to sign in. The form is
   * read whole first (a metadata file too), and its file used only after the CSRF check: its text stands
   * for the pasted metadata XML, so the same checks follow.
   */
  const signedInPost = async (request: FastifyRequest, reply: FastifyReply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) {
      toSignIn(reply);
      return undefined;
    }
    const posted = await readPostedForm(request);
    checkCsrf(found.viewer, posted.fields[CSRF_FIELD]);
    const file = posted.files[METADATA_FILE];
    const form: Form = file ? { ...posted.fields, metadataXml: file.bytes.toString('utf8') } : posted.fields;
    const fileTooLarge = file?.tooLarge
      ? [{ field: METADATA_FILE, text: metadataTooLarge(requestLanguage(request)) }]
      : undefined;
    return { viewer: found.viewer, form, fileTooLarge };
  };

  app.get<{ Params: { organisationId: string } }>(
    '/portal/organisation/:organisationId/services',
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      return listPage(request, reply, found.viewer);
    },
  );

  app.post<{ Params: { organisationId: string } }>(
    '/portal/organisation/:organisationId/services/sets',
    async (request, reply) => {
      const post = await signedInPost(request, reply);
      if (!post) return reply;
      const organisationId = request.params.organisationId.slice(0, 100);
      try {
        await createServiceSet(
          ctx.deps(),
          sessionPrincipal(post.viewer),
          organisationId,
          nameOf(post.form),
          request.ip,
        );
      } catch (error) {
        const problems = problemsOf(error, requestLanguage(request), 'set');
        if (!problems) throw error;
        return listPage(request, reply, post.viewer, problems);
      }
      return reply
        .header('cache-control', 'no-store')
        .redirect(`${servicesPath(organisationId)}?lang=${requestLanguage(request)}`, 303);
    },
  );

  app.post<{ Params: { organisationId: string } }>(
    '/portal/organisation/:organisationId/services',
    { config: { uploadForm: SERVICE_UPLOAD_FORM } },
    async (request, reply) => {
      const post = await signedInPost(request, reply);
      if (!post) return reply;
      if (post.fileTooLarge) return listPage(request, reply, post.viewer, post.fileTooLarge);
      const organisationId = request.params.organisationId.slice(0, 100);
      const lang = requestLanguage(request);
      const prefix = text(post.form, 'protocol') === 'saml' ? 'saml' : 'oidc';
      try {
        const parsed = createServiceBody.safeParse(serviceInputOf(post.form));
        if (!parsed.success)
          throw new ValidationError(
            ErrorCodes.REQUEST_INVALID,
            parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
            'service',
          );
        const created = await createService(
          ctx.deps(),
          sessionPrincipal(post.viewer),
          organisationId,
          parsed.data,
          request.ip,
        );
        if (created.clientSecret && created.service.oidc)
          return secretPage(request, reply, post.viewer, {
            organisationId,
            serviceId: created.service.id,
            clientId: created.service.oidc.clientId,
            secret: created.clientSecret,
          });
        return reply
          .header('cache-control', 'no-store')
          .redirect(`${servicePath(organisationId, created.service.id)}?lang=${lang}`, 303);
      } catch (error) {
        const problems = problemsOf(error, lang, prefix);
        if (!problems) throw error;
        return listPage(request, reply, post.viewer, problems);
      }
    },
  );

  app.get<{ Params: { organisationId: string; serviceId: string } }>(
    '/portal/organisation/:organisationId/services/:serviceId',
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      return servicePage(request, reply, found.viewer);
    },
  );

  app.post<{ Params: { organisationId: string; serviceId: string } }>(
    '/portal/organisation/:organisationId/services/:serviceId',
    { config: { uploadForm: SERVICE_UPLOAD_FORM } },
    async (request, reply) => {
      const post = await signedInPost(request, reply);
      if (!post) return reply;
      if (post.fileTooLarge) return servicePage(request, reply, post.viewer, post.fileTooLarge);
      const { organisationId, serviceId } = request.params;
      const lang = requestLanguage(request);
      try {
        // The registry wants at least one set; the API reads none as "unchanged", the form as a mistake.
        if (post.form.access !== undefined && list(post.form, 'serviceSetIds').length === 0)
          throw new ValidationError(
            ErrorCodes.REQUEST_INVALID,
            [{ path: 'serviceSetIds', message: messages(lang)['portal.services.setsRequired'] }],
            'service',
          );
        const parsed = updateServiceBody.safeParse(updateInputOf(post.form));
        if (!parsed.success)
          throw new ValidationError(
            ErrorCodes.REQUEST_INVALID,
            parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
            'service',
          );
        await updateService(
          ctx.deps(),
          sessionPrincipal(post.viewer),
          organisationId,
          serviceId,
          parsed.data,
          request.ip,
        );
      } catch (error) {
        // Someone saved after this form was read: say who and when, and that the page must be reloaded.
        if (isPassiError(error) && error.code === ErrorCodes.REGISTRY_REVISION_CONFLICT)
          return servicePage(
            request,
            reply,
            post.viewer,
            [
              {
                field: 'edit-name-fi',
                text: `${messages(lang)['portal.services.stale']} (${error.message})`,
              },
            ],
            409,
          );
        const problems = problemsOf(error, lang, 'edit');
        if (!problems) throw error;
        return servicePage(request, reply, post.viewer, problems);
      }
      return reply
        .header('cache-control', 'no-store')
        .redirect(`${servicePath(organisationId, serviceId)}?lang=${lang}&saved=1`, 303);
    },
  );

  app.post<{ Params: { organisationId: string; serviceId: string } }>(
    '/portal/organisation/:organisationId/services/:serviceId/rotate-secret',
    async (request, reply) => {
      const post = await signedInPost(request, reply);
      if (!post) return reply;
      const { organisationId, serviceId } = request.params;
      const days = Number.parseInt(text(post.form, 'overlapDays', 3) || '7', 10);
      const rotated = await rotateClientSecret(
        ctx.deps(),
        sessionPrincipal(post.viewer),
        organisationId,
        serviceId,
        Number.isNaN(days) ? -1 : days,
        request.ip,
      );
      const service = await getService(
        ctx.deps(),
        sessionPrincipal(post.viewer),
        organisationId,
        serviceId,
        request.ip,
      );
      return secretPage(request, reply, post.viewer, {
        organisationId,
        serviceId,
        clientId: service.oidc?.clientId ?? '',
        secret: rotated.clientSecret,
      });
    },
  );

  app.post<{ Params: { organisationId: string; serviceId: string } }>(
    '/portal/organisation/:organisationId/services/:serviceId/production',
    async (request, reply) => {
      const post = await signedInPost(request, reply);
      if (!post) return reply;
      const { organisationId, serviceId } = request.params;
      try {
        const created = await createProductionService(
          ctx.deps(),
          sessionPrincipal(post.viewer),
          organisationId,
          serviceId,
          { entityId: text(post.form, 'entityId', 1024) || undefined },
          request.ip,
        );
        if (created.clientSecret && created.service.oidc)
          return secretPage(request, reply, post.viewer, {
            organisationId,
            serviceId: created.service.id,
            clientId: created.service.oidc.clientId,
            secret: created.clientSecret,
          });
        return reply
          .header('cache-control', 'no-store')
          .redirect(
            `${servicePath(organisationId, created.service.id)}?lang=${requestLanguage(request)}`,
            303,
          );
      } catch (error) {
        const problems = problemsOf(error, requestLanguage(request), 'entityId')?.map((p) => ({
          ...p,
          field: 'production-heading',
        }));
        if (!problems) throw error;
        return servicePage(request, reply, post.viewer, problems);
      }
    },
  );

  // The service's logo (docs/portal.md "Logos"): a file upload of its own; a refusal is shown at the field.
  app.post<{ Params: { organisationId: string; serviceId: string } }>(
    '/portal/organisation/:organisationId/services/:serviceId/logo',
    { config: { uploadForm: LOGO_UPLOAD_FORM } },
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      const { organisationId, serviceId } = request.params;
      const lang = requestLanguage(request);
      const outcome = await postLogoForm(ctx.deps(), found.viewer, request, {
        organisationId,
        kind: 'service',
        entityId: serviceId,
      });
      if (outcome.kind === 'refused')
        return servicePage(request, reply, found.viewer, [
          { field: 'logo-file', text: messages(lang)[`portal.logo.refusal.${outcome.refusal}`] },
        ]);
      if (outcome.kind === 'conflict')
        return servicePage(
          request,
          reply,
          found.viewer,
          [
            {
              field: 'logo-file',
              text: `${messages(lang)['portal.services.stale']} (${outcome.error.message})`,
            },
          ],
          409,
        );
      return reply
        .header('cache-control', 'no-store')
        .redirect(`${servicePath(organisationId, serviceId)}?lang=${lang}&saved=1#logo-heading`, 303);
    },
  );
}
