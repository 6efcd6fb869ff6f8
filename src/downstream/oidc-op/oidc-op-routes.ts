import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionModel } from 'oidc-provider';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure, fail } from '../../core/errors.ts';
import type { LoginFlow } from '../../core/flow/login-flow.ts';
import { readSessionId, setFlowCookie, setSessionCookie } from '../../http/flow-cookies.ts';
import { rememberLanguage } from '../../http/request-language.ts';
import { sendAction } from '../../http/send-action.ts';
import type { RegistryCache } from '../../registry/registry-snapshot.ts';
import { isStoreUnavailable } from '../../store/store-unavailable.ts';
import type { OidcOp } from './create-oidc-op.ts';
import { loginRequestFromParams } from './login-request-from-params.ts';
import { expectHandoff } from './login-starts-at-authorize.ts';
import { INTERACTION_PATH, OIDC_ROUTES } from './provider-configuration.ts';
import { serviceForClient } from './registry-clients.ts';
import { readFormBodies, requestForProvider } from './replayed-form-body.ts';

export interface OidcOpRoutesDeps {
  op: () => OidcOp;
  flow: () => LoginFlow;
  registry: () => RegistryCache;
  flowTtlSeconds: number;
  sessionTtlSeconds: number;
}

/**
 * The OIDC face's HTTP surface, registered in the protocol surface. oidc-provider's endpoints are handed
 * the raw request (its own body parser reads the stream, so Fastify's parsers are switched off in that
 * scope, but form bodies, which are read first to refuse NUL, replayed-form-body.ts); the interaction page is Passi's and starts the protocol-neutral login flow.
 */
export function oidcOpRoutes(deps: OidcOpRoutesDeps): FastifyPluginAsync {
  return async (scope) => {
    await scope.register(async (raw) => {
      raw.removeAllContentTypeParsers();
      raw.addContentTypeParser('*', (_request, _payload, done) => done(null));
      readFormBodies(raw);
      // Koa's callback() composes the middleware anew on each call: once per provider is enough (its
      // middleware is all added when it is built, create-oidc-op.ts).
      const callbacks = new WeakMap<Provider, ReturnType<Provider['callback']>>();
      const callbackOf = (provider: Provider) => {
        let callback = callbacks.get(provider);
        if (!callback) {
          callback = provider.callback();
          callbacks.set(provider, callback);
        }
        return callback;
      };
      const forward = async (request: FastifyRequest, reply: FastifyReply) => {
        const callback = callbackOf(await deps.op().provider());
        const req = requestForProvider(request.raw, request.body);
        const handoff = expectHandoff(req, () => reply.hijack());
        const answered = responseEnded(reply.raw);
        await callback(req, reply.raw);
        // oidc-provider has just created an interaction: the login starts in this answer.
        if (handoff.interaction) return startLogin(request, reply, handoff.interaction);
        if (!reply.sent) reply.hijack();
        await answered;
      };
      raw.route({
        method: ['GET', 'POST', 'OPTIONS'],
        url: '/.well-known/openid-configuration',
        handler: forward,
      });
      for (const path of Object.values(OIDC_ROUTES)) {
        raw.route({ method: ['GET', 'POST', 'OPTIONS'], url: path, handler: forward });
        raw.route({ method: ['GET', 'POST', 'OPTIONS'], url: `${path}/*`, handler: forward });
      }
    });

    scope.get<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, async (request, reply) => {
      const provider = await deps.op().provider();
      // Reads the interaction cookie: the interaction belongs to this browser (set at the authorize request).
      const interaction = await provider
        .interactionDetails(request.raw, reply.raw)
        .catch((cause: unknown) => {
          // A database outage is not a lost login: it becomes "try again" (503).
          if (isStoreUnavailable(cause)) throw cause;
          fail(
            ErrorCodes.FLOW_MISSING,
            'the OIDC authorization request expired or belongs to another browser',
            {
              cause,
            },
          );
        });
      if (interaction.uid !== request.params.uid) {
        fail(ErrorCodes.FLOW_STATE_INVALID, 'interaction id and cookie do not match');
      }
      return startLogin(request, reply, interaction);
    });

    /** Starts Passi's login for an OIDC interaction and answers with its first step. */
    async function startLogin(
      request: FastifyRequest,
      reply: FastifyReply,
      interaction: InteractionModel,
    ): Promise<FastifyReply> {
      const clientId = interaction.params.client_id;
      const service =
        typeof clientId === 'string' ? await serviceForClient(deps.registry(), clientId) : undefined;
      ensure(service, ErrorCodes.SERVICE_UNKNOWN, 'the client is no longer registered');
      const login = loginRequestFromParams(interaction.params, service.id, interaction.uid);
      // The service's `ui_locales` is the latest explicit choice (as `lang` on the SAML side);
      // a switch on a later page overrides it through the same cookie.
      if (login.language) rememberLanguage(reply, login.language);
      const step = await deps.flow().begin(login, readSessionId(request));
      setFlowCookie(reply, step.flowId, deps.flowTtlSeconds, service.id);
      if (step.sessionId) setSessionCookie(reply, step.sessionId, deps.sessionTtlSeconds);
      return sendAction(request, reply, step.action);
    }
  };
}

/** Resolves when the response is finished or its connection closed. */
function responseEnded(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    res.once('close', () => resolve());
    res.once('finish', () => resolve());
  });
}
