import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import { ErrorCodes } from '../core/error-codes.ts';
import { clientErrorHandler } from './client-error-page.ts';
import { failureLogLevel } from './client-failure.ts';
import { presentError } from './error-presentation.ts';
import { installFlowLogBinding } from './flow-log.ts';
import { OneLinePerRequest } from './one-line-per-request.ts';
import { installPageSecurityHeaders } from './page-security-headers.ts';
import { parseFormBody } from './parse-form-body.ts';
import { installRateLimit, type RateLimitSettings } from './rate-limit/install-rate-limit.ts';
import { redactLogSecrets } from './redact-log-secrets.ts';
import { redactUrl } from './redact-url.ts';
import { installNulRefusal } from './refuse-nul.ts';
import { renderErrorPage } from './render/error-page.tsx';
import { requestLanguage } from './request-language.ts';
import { installPageErrorHandler, type ReturnTarget } from './surfaces/page-errors.ts';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
}

export interface ServerOptions {
  logLevel: string;
  /** Fastify's trustProxy: off, every hop (development only), a hop count, or the proxies' addresses. */
  trustProxy: boolean | number | string[];
  readiness: () => Promise<ReadinessReport>;
  /** Route plugins per surface, registered inside that surface's encapsulation. */
  routes: {
    protocol: FastifyPluginAsync[];
    pages: FastifyPluginAsync[];
    admin: FastifyPluginAsync[];
  };
  /** Logger destination (tests capture lines); standard output through pino's own destination without it. */
  logStream?: LogDestination;
  /** Where a lost login's "start again" leads (the browser's last service). */
  returnTarget?: ReturnTarget;
  /** Per-class limits over shared counters (docs/operations.md "Rate limits"); absent: no limits. */
  rateLimit?: RateLimitSettings;
  /** Time a client may take for the headers, and for the whole request (also the idle limit). */
  timeouts?: { headersMs: number; requestMs: number };
}

const DEFAULT_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000 };

/** What pino writes its lines to: one call per line (pino's DestinationStream). */
export interface LogDestination {
  write(line: string): unknown;
}

/** Body limits per surface: SAML POSTs are small; pages carry forms; admin carries documents. */
export const BODY_LIMITS = { protocol: 256 * 1024, pages: 32 * 1024, admin: 2 * 1024 * 1024 } as const;

const stylesheet = readFileSync(new URL('./assets/passi.css', import.meta.url), 'utf8');

/**
 * The HTTP server: three encapsulated surfaces (protocol endpoints, pages for people, admin API), each
 * with its own body limit, security headers and error handling (docs/architecture.md "Surfaces").
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const returnTarget: ReturnTarget = options.returnTarget ?? (async () => undefined);
  const app = Fastify({
    logger: loggerOptions(options),
    logController: new OneLinePerRequest(),
    genReqId: () => randomUUID(),
    trustProxy: trustedHops(options.trustProxy),
    bodyLimit: BODY_LIMITS.protocol,
    routerOptions: { maxParamLength: 200, querystringParser: parseFormBody },
    clientErrorHandler,
    ...slowClientTimeouts(options.timeouts ?? DEFAULT_TIMEOUTS),
  });
  if (options.trustProxy === true) {
    app.log.warn(
      'PASSI_TRUST_PROXY=true trusts every X-Forwarded-For hop, so a client can choose its own address and rate-limit key; set the hop count or the proxies\' addresses (refused in production, operations.md "Behind a reverse proxy")',
    );
  }
  await app.register(fastifyCookie);
  installFlowLogBinding(app);
  installNulRefusal(app);
  if (options.rateLimit) await installRateLimit(app, options.rateLimit);

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const report = await options.readiness();
    return reply
      .status(report.ready ? 200 : 503)
      .send({ status: report.ready ? 'ready' : 'not-ready', checks: report.checks });
  });
  app.get('/assets/passi.css', async (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(stylesheet),
  );

  await app.register(async (scope) => {
    setBodyLimit(scope, BODY_LIMITS.protocol);
    await scope.register(fastifyFormbody, { bodyLimit: BODY_LIMITS.protocol, parser: parseFormBody });
    installPageSecurityHeaders(scope);
    installPageErrorHandler(scope, returnTarget);
    for (const plugin of options.routes.protocol) await scope.register(plugin);
  });

  await app.register(async (scope) => {
    setBodyLimit(scope, BODY_LIMITS.pages);
    await scope.register(fastifyFormbody, { bodyLimit: BODY_LIMITS.pages, parser: parseFormBody });
    installPageSecurityHeaders(scope);
    installPageErrorHandler(scope, returnTarget);
    for (const plugin of options.routes.pages) await scope.register(plugin);
  });

  await app.register(
    async (scope) => {
      setBodyLimit(scope, BODY_LIMITS.admin);
      await scope.register(fastifyHelmet, {
        contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      });
      scope.setErrorHandler((error, request, reply) => {
        const p = presentError(error);
        request.log[failureLogLevel(error, p.status)](
          { err: error, errorId: request.id, code: p.code },
          'admin request failed',
        );
        const issues =
          typeof error === 'object' && error && 'issues' in error
            ? (error as { issues: unknown }).issues
            : undefined;
        void reply.status(p.status).send({
          error: {
            code: p.code,
            message: p.status < 500 && error instanceof Error ? error.message : 'internal error',
            issues,
            errorId: request.id,
          },
        });
      });
      for (const plugin of options.routes.admin) await scope.register(plugin);
    },
    { prefix: '/admin/api' },
  );

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/admin/api')) {
      return reply
        .status(404)
        .send({ error: { code: ErrorCodes.NOT_FOUND, message: 'not found', errorId: request.id } });
    }
    return reply
      .status(404)
      .header('content-type', 'text/html; charset=utf-8')
      .send(
        renderErrorPage({
          lang: requestLanguage(request),
          messageKey: 'error.notFound',
          errorId: request.id,
        }),
      );
  });
  app.setErrorHandler((error, request, reply) => {
    const p = presentError(error);
    request.log[failureLogLevel(error, p.status)]({ err: error, errorId: request.id }, 'request failed');
    return reply.status(p.status).send({ error: { code: p.code, errorId: request.id } });
  });
  return app;
}

/**
 * Fastify answers a bare hop count with "trust nobody" (it cannot check the nearest peer); Passi keeps the
 * hop count (proxy-addr's meaning: the nearest `count` addresses are proxies) for deployments where Passi
 * is reachable only through its proxies (operations.md "Behind a reverse proxy").
 */
function trustedHops(
  trust: ServerOptions['trustProxy'],
): boolean | string[] | ((a: string, i: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * A few clients that send headers or a body byte by byte must not hold a node's sockets (Slowloris):
 * Node closes a request whose headers or whole body take too long (408, client-error-page.ts), and an idle
 * socket. Node checks every `connectionsCheckingInterval` (30 s by default, which is why slow headers
 * used to be cut only after 60 + 7 s); a quarter of the shortest limit, at most a second, keeps it close.
 */
function slowClientTimeouts(t: { headersMs: number; requestMs: number }) {
  const headersTimeout = Math.min(t.headersMs, t.requestMs);
  return {
    requestTimeout: t.requestMs,
    connectionTimeout: t.requestMs,
    http: {
      headersTimeout,
      connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
  };
}

function setBodyLimit(scope: FastifyInstance, limit: number): void {
  scope.addHook('onRoute', (route) => {
    route.bodyLimit ??= limit;
  });
}

function loggerOptions(options: ServerOptions): FastifyServerOptions['logger'] {
  return {
    level: options.logLevel,
    ...(options.logStream ? { stream: options.logStream } : {}),
    // Secrets one level below any key, as pino's `redact` with `*.name` paths, without its copy per key.
    formatters: { log: redactLogSecrets },
    serializers: {
      // The client address as the trusted proxies report it (operations.md "Behind a reverse proxy").
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: redactUrl(req.url),
        remoteAddress: req.ip,
      }),
    },
  };
}
