import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '../../core/language.ts';
import { requestLanguage } from '../../http/request-language.ts';
import { optOut } from '../../ops/summary/summary-opt-outs.ts';
import { readUnsubscribeToken, UNSUBSCRIBE_PATH } from '../../ops/summary/unsubscribe-token.ts';
import type { Db } from '../../store/database.ts';
import { renderUnsubscribePage } from '../pages/unsubscribe-page.tsx';

/** A one-click POST's body is a few bytes (RFC 8058 §3.2); anything much longer is not one. */
const BODY_MAX = 2048;

/**
 * The weekly summary's unsubscribe link (docs/operations.md "Weekly summary"): GET shows a confirmation,
 * POST unsubscribes — from the page's button, or from a mail program following List-Unsubscribe-Post
 * (RFC 8058), which sends `List-Unsubscribe=One-Click` as a form or multipart body and no cookies. The
 * signed token in the link is the only authority, so there is no session or CSRF token to check.
 */
export function registerUnsubscribePages(
  app: FastifyInstance,
  ctx: {
    db: () => Db;
    secret: () => Buffer;
    now: () => Date;
    organisationName: (organisationId: string, lang: Language) => Promise<string>;
    html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  },
): void {
  const read = (request: FastifyRequest) => {
    const token = String((request.query as Record<string, unknown>).token ?? '');
    return { token, subject: readUnsubscribeToken(ctx.secret(), token) };
  };
  void app.register(async (scope) => {
    // RFC 8058 §3.2 allows multipart/form-data; its one field is not needed, so the body is not parsed.
    scope.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'string', bodyLimit: BODY_MAX },
      (_r, _b, done) => done(null, {}),
    );
    scope.get(UNSUBSCRIBE_PATH, async (request, reply) => {
      const lang = requestLanguage(request);
      const { token, subject } = read(request);
      if (!subject)
        return ctx.html(reply, renderUnsubscribePage({ lang, token, view: { kind: 'invalid' } }), 400);
      const organisation = await ctx.organisationName(subject.organisationId, lang);
      return ctx.html(
        reply,
        renderUnsubscribePage({ lang, token, view: { kind: 'confirm', organisation, email: subject.email } }),
      );
    });
    scope.post(UNSUBSCRIBE_PATH, { bodyLimit: BODY_MAX }, async (request, reply) => {
      const lang = requestLanguage(request);
      const { token, subject } = read(request);
      if (!subject)
        return ctx.html(reply, renderUnsubscribePage({ lang, token, view: { kind: 'invalid' } }), 400);
      await optOut(ctx.db(), subject.organisationId, subject.email, ctx.now());
      request.log.info({ organisationId: subject.organisationId }, 'weekly summary unsubscribed');
      const organisation = await ctx.organisationName(subject.organisationId, lang);
      return ctx.html(
        reply,
        renderUnsubscribePage({ lang, token, view: { kind: 'done', organisation, email: subject.email } }),
      );
    });
  });
}
