import { readdirSync, readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { pickText } from '../../core/language.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { PERSON_REGISTRIES, type PersonRegistry } from '../../registry/organisation-schema.ts';
import { organisationReadiness } from '../commands/readiness.ts';
import { readinessPath, renderReadinessPage } from '../pages/readiness-page.tsx';
import { type PortalPageContext, sessionPrincipal } from './page-context.ts';
import { lookUpSession } from './portal-session.ts';

const INTEGRATION_DOCS = new URL('../../../docs/integrations/', import.meta.url);
const DOCS_PATH = '/portal/docs/integrations';

/** The integration guides shipped with Passi (docs/integrations/*.md), by file name; none when absent. */
function integrationGuides(): Map<string, string> {
  try {
    const files = readdirSync(INTEGRATION_DOCS).filter((f) => /^[a-z-]+\.md$/.test(f));
    return new Map(files.map((f) => [f, readFileSync(new URL(f, INTEGRATION_DOCS), 'utf8')]));
  } catch {
    return new Map();
  }
}

/**
 * The readiness checklist's page (docs/portal.md "Readiness checklist") and the integration guides it
 * links to, served as plain text from the same files the repository documents.
 */
export function registerReadinessPages(app: FastifyInstance, ctx: PortalPageContext): void {
  const guides = integrationGuides();
  const docLinks: Partial<Record<PersonRegistry, string>> = Object.fromEntries(
    PERSON_REGISTRIES.filter((r) => guides.has(`${r}.md`)).map((r) => [r, `${DOCS_PATH}/${r}.md`]),
  );

  const toSignIn = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);

  // The home page's link: the checklist of the session's own organisation.
  app.get('/portal/readiness', async (request, reply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) return toSignIn(reply);
    return reply
      .header('cache-control', 'no-store')
      .redirect(readinessPath(found.viewer.session.organisationId), 303);
  });

  app.get<{ Params: { organisationId: string }; Querystring: { registry?: unknown } }>(
    '/portal/organisation/:organisationId/readiness',
    async (request, reply) => {
      const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
      if (!found.viewer) return toSignIn(reply);
      const lang = requestLanguage(request);
      const asked = request.query.registry;
      const registry = typeof asked === 'string' && asked !== '' ? asked.slice(0, 50) : undefined;
      const readiness = await organisationReadiness(
        ctx.deps(),
        sessionPrincipal(found.viewer),
        { organisationId: request.params.organisationId.slice(0, 100), registry },
        request.ip,
      );
      return ctx.html(
        reply,
        renderReadinessPage({
          lang,
          who: await ctx.whoBox(found.viewer, lang),
          organisationName: pickText(readiness.organisationName, lang) || readiness.organisationId,
          readiness,
          chosen: PERSON_REGISTRIES.find((r) => r === registry),
          docLinks,
        }),
      );
    },
  );

  app.get<{ Params: { file: string } }>(`${DOCS_PATH}/:file`, async (request, reply) => {
    const text = guides.get(request.params.file);
    if (text === undefined) return reply.callNotFound();
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(text);
  });
}
