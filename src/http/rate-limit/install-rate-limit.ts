import fastifyRateLimit, { type FastifyRateLimitStoreCtor, normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import type { SharedRateCounters } from '../../store/state/shared-rate-counters.ts';

/**
 * What a route is limited as (docs/operations.md "Rate limits"): each class has its own budget per
 * client address per minute, so a burst of school searches never eats into logins.
 */
export type RateLimitClass = 'login' | 'return' | 'search' | 'token' | 'admin';

export const RATE_LIMIT_WINDOW_MS = 60_000;

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimitClass?: RateLimitClass;
  }
}

export interface RateLimitSettings {
  /** Requests per client address per minute, by class; 0 turns the class's limit off. */
  perMinute: Record<RateLimitClass, number>;
  counters: SharedRateCounters;
  /** The class of a route, from its method and path; undefined leaves it unlimited. */
  classify: (route: Pick<RouteOptions, 'method' | 'url'>) => RateLimitClass | undefined;
}

/**
 * Rate limits with @fastify/rate-limit over counters shared by every node. Registered on the root
 * before any route so the onRoute hook can tag each route with its class. Over the limit: 429 with
 * `Retry-After`, a localised page with an error id (or JSON for machine clients, see page-errors.ts).
 * If the counters fail, requests pass (a store outage must not add a second outage).
 */
export async function installRateLimit(app: FastifyInstance, settings: RateLimitSettings): Promise<void> {
  app.addHook('onRoute', (route) => {
    const cls = settings.classify(route);
    if (!cls) return;
    // The class also tells error handling what kind of route this is (page-errors.ts), limit or not.
    const max = settings.perMinute[cls];
    route.config = {
      ...route.config,
      rateLimitClass: cls,
      ...(max > 0 ? { rateLimit: { max, timeWindow: RATE_LIMIT_WINDOW_MS, groupId: cls } } : {}),
    };
  });
  await app.register(fastifyRateLimit, {
    global: false,
    store: counterStore(settings.counters),
    // The key is the client address (behind a proxy only with trustProxy, configuration.md); IPv6 by /64.
    // @fastify/rate-limit appends the route's groupId, so every class counts on its own.
    keyGenerator: (request: FastifyRequest) => `${normalizeIP(request.ip)}|`,
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new PassiError(ErrorCodes.RATE_LIMITED, `too many requests; retry in ${context.after}`),
  });
}

/** Adapts the shared counters to @fastify/rate-limit's store interface. */
function counterStore(counters: SharedRateCounters): FastifyRateLimitStoreCtor {
  return class CounterStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      const count = counters.hit(key, timeWindow);
      callback(null, { current: count.current, ttl: count.ttlMs });
    }
    child() {
      return this;
    }
  };
}
