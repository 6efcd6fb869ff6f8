import type { IncomingMessage } from 'node:http';
import type { InteractionModel, KoaContextWithOIDC } from 'oidc-provider';
import { INTERACTION_PATH } from './provider-configuration.ts';

/**
 * The login starts in the authorization endpoint's own answer (this folder's README.md, "Interaction").
 * oidc-provider answers a request that needs a login with a redirect to Passi's interaction page, and that
 * page starts the login: one more browser round trip before the school, and one more request for Passi.
 * Instead, when oidc-provider has just created the interaction in this request, its redirect is not sent:
 * the request goes back to Passi's route, which starts the login with that interaction and answers as the
 * interaction page would (the school's redirect, the school choice, or an error page). The interaction
 * page stays for what already points at it.
 */
export interface AuthorizeHandoff {
  /** The interaction oidc-provider created in this request and would have redirected to; set by the middleware. */
  interaction?: InteractionModel;
}

interface Pending {
  handoff: AuthorizeHandoff;
  /** Called before oidc-provider writes the answer itself (Fastify must leave the response alone). */
  hijack: () => void;
}

/** One per request oidc-provider serves through Passi's routes, keyed by the request it reads. */
const pending = new WeakMap<IncomingMessage, Pending>();

/** Announces a request to oidc-provider whose interaction redirect, if any, Passi takes over. */
export function expectHandoff(req: IncomingMessage, hijack: () => void): AuthorizeHandoff {
  const handoff: AuthorizeHandoff = {};
  pending.set(req, { handoff, hijack });
  return handoff;
}

/**
 * oidc-provider middleware (its `use`, outermost): after oidc-provider's route, either hands the request
 * back (an interaction created here and a redirect to exactly its page) or lets oidc-provider answer.
 */
export function handOffInteractions() {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    const waiting = pending.get(ctx.req);
    pending.delete(ctx.req);
    try {
      await next();
    } catch (err) {
      // Koa writes the error answer itself.
      waiting?.hijack();
      throw err;
    }
    if (!waiting) return;
    const interaction = ctx.oidc.entities?.Interaction;
    const location = ctx.res.getHeader('location');
    if (
      interaction !== undefined &&
      ctx.status === 303 &&
      location === `${INTERACTION_PATH}/${interaction.uid}`
    ) {
      waiting.handoff.interaction = interaction;
      // Koa does not answer; its cookies (the interaction's and the resume's) stay on the response, the
      // redirect and its body go.
      ctx.respond = false;
      ctx.res.removeHeader('location');
      ctx.res.removeHeader('content-type');
      ctx.res.removeHeader('content-length');
      ctx.res.statusCode = 200;
      return;
    }
    waiting.hijack();
  };
}
