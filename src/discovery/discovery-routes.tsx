import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { ErrorCodes } from '../core/error-codes.ts';
import { PassiError } from '../core/errors.ts';
import { FORM_TOKEN_FIELD } from '../core/flow/form-token.ts';
import { isLanguage } from '../core/language.ts';
import { readFlowId } from '../http/flow-cookies.ts';
import { requestLanguage } from '../http/request-language.ts';
import { cspNonce, httpInput, sendAction } from '../http/send-action.ts';
import { messages } from '../i18n/messages.ts';
import { LANGUAGE_COOKIE } from '../i18n/negotiate-language.ts';
import { type DiscoverySources, loadDiscoveryContext } from './discovery-context.ts';
import { DISCOVERY_PATH, FORGET_PATH, renderDiscoveryPage, SCRIPT_PATH } from './discovery-page.tsx';
import { CHOOSE_PATH, DiscoveryResults } from './discovery-results.tsx';
import { createIndexCache } from './index-cache.ts';
import { createLogoFiles, LOGO_PATH } from './logo-files.ts';
import { boundedQuery, normaliseQuery } from './normalise.ts';
import {
  isChoiceKey,
  parseRememberedChoices,
  REMEMBER_COOKIE,
  REMEMBER_MAX_AGE_SECONDS,
  rememberChoice,
} from './remembered-choices.ts';
import { resultsView } from './results-view.ts';

export interface DiscoveryDeps extends DiscoverySources {
  /** Folder of uploaded logo files (registry `logo` names); unset = no logos are shown. */
  logoDir?: () => string | undefined;
}

const script = readFileSync(new URL('./assets/discovery.js', import.meta.url), 'utf8');
const ONE_YEAR = 365 * 24 * 60 * 60;

/**
 * The school selection page for the PAGES surface: `GET /discovery` (page, also the no-JS
 * search), `GET /discovery/results` (the results fragment for type-ahead), `POST /discovery/choose`,
 * `POST /discovery/forget`, the type-ahead script and logo files.
 */
export function discoveryRoutes(deps: DiscoveryDeps): FastifyPluginAsync {
  return async (app) => {
    const cache = createIndexCache();
    const logos = createLogoFiles(() => deps.logoDir?.());

    app.get(DISCOVERY_PATH, async (request, reply) => {
      const ctx = await loadDiscoveryContext(request, deps, cache);
      rememberLanguage(request, reply);
      const query = boundedQuery(queryParam(request, 'q'));
      const remembered = new Set(ctx.recent.map((e) => e.key));
      const view = resultsView(ctx.index, normaliseQuery(query), ctx.lang, remembered);
      const serviceLogoUrl = ctx.serviceLogo ? logos.url(ctx.serviceLogo) : undefined;
      const html = renderDiscoveryPage({
        lang: ctx.lang,
        serviceName: ctx.serviceName,
        ...(serviceLogoUrl ? { serviceLogoUrl } : {}),
        query,
        recent: ctx.recent,
        view,
        logoUrl: logos.url,
        formToken: ctx.formToken,
        nonce: cspNonce(reply),
      });
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'text/html; charset=utf-8')
        .send(html);
    });

    app.get(`${DISCOVERY_PATH}/results`, async (request, reply) => {
      const ctx = await loadDiscoveryContext(request, deps, cache);
      const remembered = new Set(ctx.recent.map((e) => e.key));
      const view = resultsView(
        ctx.index,
        normaliseQuery(boundedQuery(queryParam(request, 'q'))),
        ctx.lang,
        remembered,
      );
      const html = renderToString(
        <DiscoveryResults
          view={view}
          lang={ctx.lang}
          t={messages(ctx.lang)}
          logoUrl={logos.url}
          formToken={ctx.formToken}
        />,
      );
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'text/html; charset=utf-8')
        .send(html);
    });

    app.post(CHOOSE_PATH, async (request, reply) => {
      refuseCrossSite(request);
      const body = httpInput(request).body;
      const choice = body.choice ?? '';
      const key = isChoiceKey(choice) ? choice : undefined;
      const lang = requestLanguage(request, isLanguage(body.lang) ? body.lang : undefined);
      // The flow engine refuses an integration that does not exist or does not allow the service.
      const action = await deps
        .flow()
        .choose(readFlowId(request), key?.slice(0, key.indexOf('~')) ?? '', lang, body[FORM_TOKEN_FIELD]);
      if (key) {
        const previous = parseRememberedChoices(request.cookies[REMEMBER_COOKIE]);
        reply.setCookie(
          REMEMBER_COOKIE,
          rememberChoice(previous, key),
          rememberCookieOptions(REMEMBER_MAX_AGE_SECONDS),
        );
      }
      return sendAction(request, reply, action);
    });

    app.post(FORGET_PATH, async (request, reply) => {
      refuseCrossSite(request);
      const body = httpInput(request).body;
      // The form is on a login's page: only that page may post it (the same token as the choices).
      const flow = deps.flow();
      flow.checkFormToken(await flow.current(readFlowId(request)), body[FORM_TOKEN_FIELD]);
      const lang = requestLanguage(request, isLanguage(body.lang) ? body.lang : undefined);
      reply.clearCookie(REMEMBER_COOKIE, rememberCookieOptions(0));
      return reply.header('cache-control', 'no-store').redirect(`${DISCOVERY_PATH}?lang=${lang}`, 303);
    });

    app.get(SCRIPT_PATH, async (_request, reply) =>
      reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(script),
    );

    app.get(`${LOGO_PATH}/:file`, async (request, reply) => {
      const params = request.params;
      const file = params && typeof params === 'object' && 'file' in params ? String(params.file) : '';
      return logos.send(file, reply);
    });
  };
}

function queryParam(request: FastifyRequest, name: string): string | undefined {
  return httpInput(request).query[name];
}

/** An explicit switch on the page is kept for the next pages (the school's login, error pages). */
function rememberLanguage(request: FastifyRequest, reply: FastifyReply): void {
  const lang = queryParam(request, 'lang');
  if (isLanguage(lang))
    reply.setCookie(LANGUAGE_COOKIE, lang, {
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
      maxAge: ONE_YEAR,
    });
}

function rememberCookieOptions(maxAge: number) {
  return { path: '/', secure: true, httpOnly: true, sameSite: 'lax' as const, maxAge };
}

/**
 * The flow cookie is SameSite=None (it must survive the school's cross-site POST back), so a page on
 * another site could post a choice into this browser's login. Browsers say where a request came from in
 * Sec-Fetch-Site (Fetch Metadata); a cross-site choice is refused. Browsers that send no such header are
 * covered by the form token (form-token.ts), which every form also carries.
 */
function refuseCrossSite(request: FastifyRequest): void {
  if (request.headers['sec-fetch-site'] === 'cross-site') {
    throw new PassiError(ErrorCodes.FORM_TOKEN_INVALID, 'a discovery form was posted from another site', {
      status: 403,
    });
  }
}
