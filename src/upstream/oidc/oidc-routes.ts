import type { FastifyPluginAsync } from 'fastify';
import { type UpstreamCallbackDeps, upstreamCallbackRoute } from '../wilma/wilma-routes.ts';

/** The OpenID provider returns the browser here (generic OIDC and Entra ID over OIDC). */
export function oidcRoutes(deps: UpstreamCallbackDeps): FastifyPluginAsync {
  return upstreamCallbackRoute('/upstream/oidc/:flowName/callback', ['oidc', 'entra'], deps);
}
