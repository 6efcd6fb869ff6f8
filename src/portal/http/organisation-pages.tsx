import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, isPassiError, ValidationError } from '../../core/errors.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { CONTACT_KINDS } from '../../registry/organisation-schema.ts';
import { organisationAudit } from '../commands/organisation-audit.ts';
import { listOrganisations, organisationOverview } from '../commands/organisation-overview.ts';
import {
  invitableRoles,
  inviteToOrganisation,
  removeFromOrganisation,
} from '../commands/organisation-people.ts';
import type { OrganisationRegistry } from '../commands/organisation-registry.ts';
import { type ContactInput, saveContacts } from '../commands/save-contacts.ts';
import { canChange, canSeeOrganisation, PORTAL_ROLES } from '../domain/roles.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import type { ContactFieldError } from '../pages/organisation/contacts-section.tsx';
import { type OrganisationNotice, renderOrganisationPage } from '../pages/organisation/organisation-page.tsx';
import { renderOrganisationsPage } from '../pages/organisation/organisations-page.tsx';
import { type PortalPageContext, reauthenticateFromForm, sessionPrincipal } from './page-context.ts';
import { authoriseChange, checkCsrf, lookUpSession, type PortalViewer } from './portal-session.ts';

/** Contact rows a form may post: the registry allows 30 contacts, plus the blank row for a new one. */
const MAX_CONTACT_ROWS = 31;
const CONTACT_FIELDS = ['name', 'email', 'phone', 'kind'] as const;
const DONE_NOTICES = ['contactsSaved', 'contactsUnchanged', 'invited', 'membershipAdded', 'removed'] as const;
const orgParams = z.object({ organisationId: z.string().min(1).max(100) });
const inviteForm = z.object({ email: z.string().max(254), role: z.enum(PORTAL_ROLES) });

interface PageExtras {
  notice?: OrganisationNotice;
  contactDraft?: ContactInput[];
  contactErrors?: ContactFieldError[];
  inviteDraft?: { email: string; role: string };
  inviteError?: 'email' | 'role';
}

/**
 * The page presentation of the organisation commands (the JSON API is the other, api/organisation-
 * operations.ts): the organisation page, the operators' list, contacts, inviting and removing people.
 * Every POST carries the session's CSRF token and passes `authoriseChange` before the command runs.
 */
export function registerOrganisationPages(
  app: FastifyInstance,
  ctx: PortalPageContext & { registry: () => OrganisationRegistry },
): void {
  /** The signed-in viewer; without one the reply is sent to sign-in (saying so when a session ended). */
  const signedIn = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<PortalViewer | undefined> => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) {
      if (found.ended) ctx.cookies.clearSession(reply);
      await reply
        .header('cache-control', 'no-store')
        .redirect(found.ended ? '/portal/sign-in?ended=1' : '/portal/sign-in', 303);
      return undefined;
    }
    if (request.method === 'POST')
      checkCsrf(found.viewer, (request.body as Record<string, unknown> | undefined)?.csrf);
    return found.viewer;
  };
  const organisationIdOf = (request: FastifyRequest) => {
    const parsed = orgParams.safeParse(request.params);
    if (!parsed.success) fail(ErrorCodes.REQUEST_INVALID, 'organisation id missing or too long');
    return parsed.data.organisationId;
  };
  const pagePath = (organisationId: string) => `/portal/organisation/${encodeURIComponent(organisationId)}`;

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: PortalViewer,
    organisationId: string,
    extras: PageExtras = {},
    status = 200,
  ) => {
    const deps = ctx.deps();
    const lang = requestLanguage(request);
    const principal = sessionPrincipal(viewer);
    const overview = await organisationOverview(deps, ctx.registry(), principal, organisationId, request.ip);
    const pageNumber = Number((request.query as Record<string, unknown> | undefined)?.page ?? 1);
    const audit = await organisationAudit(deps, principal, organisationId, pageNumber, request.ip);
    const canEdit = canChange(principal.role) && canSeeOrganisation(principal, organisationId);
    const now = deps.clock.now().getTime();
    return ctx.html(
      reply,
      renderOrganisationPage({
        lang,
        who: await ctx.whoBox(viewer, lang),
        overview,
        audit,
        canEdit,
        invitable: canEdit ? invitableRoles(principal, overview.organisation) : [],
        recentAuth: now - viewer.session.authenticatedAt.getTime() <= SESSION_POLICY.recentAuthMs,
        ...extras,
      }),
      status,
    );
  };
  const backTo = (reply: FastifyReply, organisationId: string, done: string, anchor: string) =>
    reply
      .header('cache-control', 'no-store')
      .redirect(`${pagePath(organisationId)}?done=${done}#${anchor}`, 303);

  app.get('/portal/organisations', async (request, reply) => {
    const viewer = await signedIn(request, reply);
    if (!viewer) return reply;
    const lang = requestLanguage(request);
    const q = String((request.query as Record<string, unknown> | undefined)?.q ?? '').slice(0, 100);
    const organisations = await listOrganisations(
      ctx.deps(),
      ctx.registry(),
      sessionPrincipal(viewer),
      q,
      request.ip,
    );
    return ctx.html(
      reply,
      renderOrganisationsPage({ lang, who: await ctx.whoBox(viewer, lang), search: q, organisations }),
    );
  });

  app.get('/portal/organisation/:organisationId', async (request, reply) => {
    const viewer = await signedIn(request, reply);
    if (!viewer) return reply;
    const done = (request.query as Record<string, unknown> | undefined)?.done;
    const notice = DONE_NOTICES.find((n) => n === done);
    return page(request, reply, viewer, organisationIdOf(request), { notice });
  });

  app.post('/portal/organisation/:organisationId/contacts', async (request, reply) => {
    const viewer = await signedIn(request, reply);
    if (!viewer) return reply;
    const organisationId = organisationIdOf(request);
    await authoriseChange(ctx.deps(), viewer, organisationId, 'change contacts', request.ip);
    const { contacts, errors } = contactsFromForm((request.body ?? {}) as Record<string, unknown>);
    if (errors.length)
      return page(
        request,
        reply,
        viewer,
        organisationId,
        { contactDraft: contacts, contactErrors: errors },
        400,
      );
    try {
      const { changed } = await saveContacts(
        ctx.deps(),
        ctx.registry(),
        sessionPrincipal(viewer),
        organisationId,
        contacts,
        request.ip,
      );
      return backTo(
        reply,
        organisationId,
        changed ? 'contactsSaved' : 'contactsUnchanged',
        'contacts-heading',
      );
    } catch (e) {
      const contactErrors = contactErrorsOf(e);
      if (!contactErrors) throw e;
      return page(request, reply, viewer, organisationId, { contactDraft: contacts, contactErrors }, 400);
    }
  });

  app.post('/portal/organisation/:organisationId/people', async (request, reply) => {
    const viewer = await signedIn(request, reply);
    if (!viewer) return reply;
    const organisationId = organisationIdOf(request);
    await authoriseChange(ctx.deps(), viewer, organisationId, 'invite people', request.ip);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const inviteDraft = {
      email: String(body.email ?? '').slice(0, 254),
      role: String(body.role ?? '').slice(0, 40),
    };
    const form = inviteForm.safeParse(body);
    if (!form.success)
      return page(request, reply, viewer, organisationId, { inviteDraft, inviteError: 'role' }, 400);
    try {
      const result = await inviteToOrganisation(
        ctx.deps(),
        ctx.registry(),
        sessionPrincipal(viewer),
        organisationId,
        form.data,
        request.ip,
      );
      return backTo(
        reply,
        organisationId,
        result.kind === 'invited' ? 'invited' : 'membershipAdded',
        'people-heading',
      );
    } catch (e) {
      if (isPassiError(e) && e.code === ErrorCodes.PORTAL_SIGN_IN_REQUIRED)
        return page(request, reply, viewer, organisationId, { inviteDraft }, 401);
      if (isPassiError(e) && e.code === ErrorCodes.REQUEST_INVALID)
        return page(request, reply, viewer, organisationId, { inviteDraft, inviteError: 'email' }, 400);
      throw e;
    }
  });

  app.post('/portal/organisation/:organisationId/people/remove', async (request, reply) => {
    const viewer = await signedIn(request, reply);
    if (!viewer) return reply;
    const organisationId = organisationIdOf(request);
    await authoriseChange(ctx.deps(), viewer, organisationId, 'remove people', request.ip);
    const personId = (request.body as Record<string, unknown> | undefined)?.personId;
    if (typeof personId !== 'string' || personId.length > 100)
      fail(ErrorCodes.REQUEST_INVALID, 'person id missing');
    try {
      await removeFromOrganisation(
        ctx.deps(),
        sessionPrincipal(viewer),
        organisationId,
        personId,
        request.ip,
      );
    } catch (e) {
      if (isPassiError(e) && e.code === ErrorCodes.PORTAL_LAST_MAIN_USER)
        return page(request, reply, viewer, organisationId, { notice: 'lastMainUser' }, 409);
      throw e;
    }
    return backTo(reply, organisationId, 'removed', 'people-heading');
  });

  app.post('/portal/organisation/:organisationId/reauthenticate', async (request, reply) => {
    const viewer = await signedIn(request, reply);
    if (!viewer) return reply;
    const organisationId = organisationIdOf(request);
    const result = await reauthenticateFromForm(ctx.deps(), viewer, request);
    if (!result.ok)
      return page(
        request,
        reply,
        viewer,
        organisationId,
        { notice: result.reason },
        result.reason === 'locked' ? 429 : 401,
      );
    return reply.header('cache-control', 'no-store').redirect(`${pagePath(organisationId)}#invite`, 303);
  });
}

/** The contact rows of the form: blank and removed rows dropped; an unknown kind is a field error. */
function contactsFromForm(body: Record<string, unknown>): {
  contacts: ContactInput[];
  errors: ContactFieldError[];
} {
  const text = (key: string, max: number) => String(body[key] ?? '').slice(0, max + 1);
  const contacts: ContactInput[] = [];
  const errors: ContactFieldError[] = [];
  for (let i = 0; i < MAX_CONTACT_ROWS; i++) {
    const row = {
      kind: text(`kind-${i}`, 20),
      name: text(`name-${i}`, 200),
      email: text(`email-${i}`, 254),
      phone: text(`phone-${i}`, 40),
    };
    if (body[`remove-${i}`] || !(row.name.trim() || row.email.trim() || row.phone.trim())) continue;
    const kind = CONTACT_KINDS.find((k) => k === row.kind);
    if (!kind) errors.push({ id: `contact-${contacts.length}-kind`, field: 'kind' });
    contacts.push({ kind: kind ?? 'technical', name: row.name, email: row.email, phone: row.phone });
  }
  return { contacts, errors };
}

/** Field errors of a refused save, by the form's element ids; undefined for other failures. */
function contactErrorsOf(e: unknown): ContactFieldError[] | undefined {
  if (isPassiError(e) && e.code === ErrorCodes.PORTAL_TECHNICAL_CONTACT_REQUIRED)
    return [{ id: 'contact-0-kind', field: 'technical' }];
  if (!(e instanceof ValidationError)) return undefined;
  const errors = e.issues.flatMap((issue): ContactFieldError[] => {
    const m = /^contacts\.(\d+)\.(\w+)$/.exec(issue.path);
    const field = CONTACT_FIELDS.find((f) => f === m?.[2]);
    return m?.[1] && field ? [{ id: `contact-${m[1]}-${field}`, field }] : [];
  });
  return errors.length ? errors : undefined;
}
