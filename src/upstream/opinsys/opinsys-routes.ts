import type { FastifyPluginAsync } from 'fastify';
import { type UpstreamCallbackDeps, upstreamCallbackRoute } from '../wilma/wilma-routes.ts';

/** Opinsys SSO returns the browser here with `?state=…&jwt=…`. */
export function opinsysRoutes(deps: UpstreamCallbackDeps): FastifyPluginAsync {
  return upstreamCallbackRoute('/upstream/opinsys/:flowName/callback', ['opinsys'], deps);
}
