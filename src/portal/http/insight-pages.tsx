import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Language, pickText } from '../../core/language.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { messages } from '../../i18n/messages.ts';
import {
  organisationDataQuality,
  organisationStatistics,
  organisationTrace,
} from '../commands/organisation-insight.ts';
import { type InsightInputProblem, insightProblemOf } from '../commands/organisation-insight-input.ts';
import { organisationRegistryOf } from '../commands/organisation-registry.ts';
import type { PortalDeps } from '../commands/portal-deps.ts';
import { OPERATOR_SCOPE } from '../domain/roles.ts';
import { csvDocument } from '../pages/insight/csv.ts';
import { dailyTable } from '../pages/insight/daily-table.ts';
import { renderDataQualityPage } from '../pages/insight/data-quality-page.tsx';
import { renderStatisticsPage } from '../pages/insight/statistics-page.tsx';
import { renderTracePage } from '../pages/insight/trace-page.tsx';
import { type PortalPageContext, sessionPrincipal } from './page-context.ts';
import { lookUpSession } from './portal-session.ts';

type OrgRequest = FastifyRequest<{
  Params: { organisationId: string };
  Querystring: Record<string, unknown>;
}>;

/** One query value as typed, bounded; arrays and absent values are undefined. */
function field(query: Record<string, unknown>, name: string, max = 100): string | undefined {
  const value = query[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined;
}

/**
 * The page presentation of the insight commands (the JSON API is the other, api/insight-operations.ts):
 * login statistics with their CSV download, data quality and the support trace of one organisation
 * (docs/portal.md "Login statistics, data quality and support trace"). All GET: filters are plain forms.
 * A refused filter shows the page again with the reason (400); a refused organisation is the portal's
 * 403 page, audited by the command.
 */
export function registerInsightPages(app: FastifyInstance, ctx: PortalPageContext): void {
  const toSignIn = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').redirect('/portal/sign-in', 303);

  /** The signed-in viewer and what every insight page needs, or undefined after sending to sign-in. */
  const open = async (request: OrgRequest, reply: FastifyReply) => {
    const found = await lookUpSession(ctx.deps(), ctx.cookies, request);
    if (!found.viewer) {
      toSignIn(reply);
      return undefined;
    }
    const lang = requestLanguage(request);
    const organisationId = request.params.organisationId.slice(0, 100);
    return {
      lang,
      organisationId,
      principal: sessionPrincipal(found.viewer),
      page: async () => ({
        lang,
        organisationId,
        who: await ctx.whoBox(found.viewer, lang),
        organisationName: await organisationName(ctx.deps(), organisationId, lang),
      }),
    };
  };

  /** Runs a command; a refused filter becomes the problem to show instead of an error page. */
  const attempt = async <T,>(
    run: () => Promise<T>,
  ): Promise<{ result: T; problem?: undefined } | { result?: undefined; problem: InsightInputProblem }> => {
    try {
      return { result: await run() };
    } catch (error) {
      const problem = insightProblemOf(error);
      if (!problem) throw error;
      return { problem };
    }
  };

  app.get('/portal/organisation/:organisationId/statistics', async (request: OrgRequest, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const asked = { from: field(request.query, 'from', 20), to: field(request.query, 'to', 20) };
    const { result, problem } = await attempt(() =>
      organisationStatistics(
        ctx.deps(),
        opened.principal,
        { organisationId: opened.organisationId, ...asked },
        request.ip,
      ),
    );
    const page = renderStatisticsPage({ ...(await opened.page()), asked, result, problem });
    return ctx.html(reply, page, problem ? 400 : 200);
  });

  // The per-day table of the statistics page, cell for cell (pages/insight/daily-table.ts).
  app.get('/portal/organisation/:organisationId/statistics.csv', async (request: OrgRequest, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const { statistics } = await organisationStatistics(
      ctx.deps(),
      opened.principal,
      {
        organisationId: opened.organisationId,
        from: field(request.query, 'from', 20),
        to: field(request.query, 'to', 20),
      },
      request.ip,
    );
    const table = dailyTable(statistics, messages(opened.lang));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="passi-logins-${statistics.from}-${statistics.to}.csv"`,
      )
      .header('cache-control', 'no-store')
      .send(csvDocument([table.header, ...table.rows]));
  });

  app.get('/portal/organisation/:organisationId/data-quality', async (request: OrgRequest, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const asked = { from: field(request.query, 'from', 20), to: field(request.query, 'to', 20) };
    const { result, problem } = await attempt(() =>
      organisationDataQuality(
        ctx.deps(),
        opened.principal,
        { organisationId: opened.organisationId, ...asked },
        request.ip,
      ),
    );
    const page = renderDataQualityPage({ ...(await opened.page()), asked, result, problem });
    return ctx.html(reply, page, problem ? 400 : 200);
  });

  app.get('/portal/organisation/:organisationId/trace', async (request: OrgRequest, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const asked = {
      errorId: field(request.query, 'errorId'),
      from: field(request.query, 'from', 40),
      to: field(request.query, 'to', 40),
      serviceId: field(request.query, 'serviceId', 200),
      school: field(request.query, 'school'),
    };
    const { result, problem } = await attempt(() =>
      organisationTrace(
        ctx.deps(),
        opened.principal,
        { organisationId: opened.organisationId, ...asked },
        request.ip,
      ),
    );
    const page = renderTracePage({ ...(await opened.page()), asked, result, problem });
    return ctx.html(reply, page, problem ? 400 : 200);
  });
}

async function organisationName(deps: PortalDeps, organisationId: string, lang: Language): Promise<string> {
  if (organisationId === OPERATOR_SCOPE) return messages(lang)['portal.insight.federation'];
  const org = (await organisationRegistryOf(deps).cache.current()).organisations.get(organisationId);
  return pickText(org?.name, lang) || organisationId;
}
