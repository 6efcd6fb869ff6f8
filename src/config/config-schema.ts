/*
 * One file over 400 lines on purpose: the single configuration schema, from which docs/configuration.md is
 * generated and checked in CI. Every option with its description sits in one place, so nothing is
 * documented twice. Split it by area (portal, mail, statistics, keys) once another group of options is added.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The one configuration schema. Every option has a description: docs/configuration.md is
 * generated from these (scripts/generate-docs.ts) and CI checks it is current.
 * `env` names the environment variable; YAML files use the camelCase key.
 * One file on purpose, although over 400 lines: it is one table of options, read top to bottom in the
 * order docs/configuration.md lists them; splitting it would split that page's single source.
 */
export const configOptions = {
  mode: {
    env: 'PASSI_MODE',
    schema: z
      .enum(['development', 'production'])
      .default('development')
      .describe(
        'Run mode. `development` generates a secret key into the data dir and allows http:// public URLs; `production` requires `PASSI_SECRET_KEY` and an https:// public URL.',
      ),
  },
  publicUrl: {
    env: 'PASSI_PUBLIC_URL',
    schema: z
      .url()
      .default('http://localhost:8080')
      .describe(
        'The public base URL of this Passi: SAML entity id `<publicUrl>/idp/shibboleth`, OIDC issuer, all endpoint URLs. No trailing slash.',
      ),
  },
  host: {
    env: 'PASSI_HOST',
    schema: z.string().min(1).default('0.0.0.0').describe('Address the HTTP server listens on.'),
  },
  port: {
    env: 'PASSI_PORT',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(8080)
      .describe('TCP port the HTTP server listens on.'),
  },
  metricsPort: {
    env: 'PASSI_METRICS_PORT',
    schema: z.coerce
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe(
        'TCP port of the management listener that serves `/metrics` (Prometheus text format). Unset: no metrics listener. Never the public port: `/metrics` is not served there. See operations.md "Metrics".',
      ),
  },
  metricsHost: {
    env: 'PASSI_METRICS_HOST',
    schema: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe(
        'Address the management listener (`/metrics`) listens on. Keep it on loopback or an internal network only the monitoring system reaches.',
      ),
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional()
      .describe(
        'PostgreSQL connection URL for production (many nodes share it). When absent, the embedded store (PGlite, persisted in the data dir) is used.',
      ),
  },
  databaseStatementTimeoutMs: {
    env: 'PASSI_DATABASE_STATEMENT_TIMEOUT_MS',
    schema: z.coerce
      .number()
      .int()
      .min(100)
      .max(600_000)
      .default(10_000)
      .describe(
        'PostgreSQL: longest a query may run (milliseconds). The server cancels it (`statement_timeout`); a query whose answer does not arrive within this plus one second fails on the node too, so a stalled database gives 503 instead of hanging requests. See operations.md "When the database is unavailable".',
      ),
  },
  databaseConnectTimeoutMs: {
    env: 'PASSI_DATABASE_CONNECT_TIMEOUT_MS',
    schema: z.coerce
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(5000)
      .describe(
        'PostgreSQL: longest wait for a new connection, or for a free one from the pool (milliseconds).',
      ),
  },
  databasePreparedStatements: {
    env: 'PASSI_DATABASE_PREPARED_STATEMENTS',
    schema: z
      .enum(['on', 'off'])
      .default('on')
      .describe(
        'PostgreSQL: `on` sends a parameterised statement this node has run before as a named prepared statement, so the server parses and plans it once per connection instead of on every login (docs/performance.md "The PostgreSQL store: prepared statements and one read of the grant"). `off` behind a connection pooler in transaction mode that does not keep prepared statements (PgBouncer before 1.21, or with `max_prepared_statements = 0`): see operations.md "PostgreSQL behind a pooler".',
      ),
  },
  registryRecheckMs: {
    env: 'PASSI_REGISTRY_RECHECK_MS',
    schema: z.coerce
      .number()
      .int()
      .min(200)
      .max(300_000)
      .default(5000)
      .describe(
        'PostgreSQL: how often a node proves its change-notification connection alive and, in any case, compares the registry version (milliseconds): the longest a node serves a registry change late if notifications are lost.',
      ),
  },
  dataDir: {
    env: 'PASSI_DATA_DIR',
    schema: z
      .string()
      .min(1)
      .default('./data')
      .describe('Folder for the embedded store and, in development mode, the generated secret key.'),
  },
  secretKey: {
    env: 'PASSI_SECRET_KEY',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/_-]{43,}={0,2}$/, 'must be at least 32 random bytes, base64 or base64url encoded')
      .optional()
      .describe(
        'Key that encrypts secrets at rest (client secrets, private keys): 32 random bytes, base64. Required in production; generated into `<dataDir>/secret.key` on first start in development, with a warning.',
      ),
  },
  logLevel: {
    env: 'PASSI_LOG_LEVEL',
    schema: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('Log level of the structured (pino) log.'),
  },
  signingKeyType: {
    env: 'PASSI_SIGNING_KEY_TYPE',
    schema: z
      .enum(['rsa-2048', 'rsa-3072', 'ec-p256'])
      .default('rsa-3072')
      .describe('Type of the signing key generated on first start when none exists.'),
  },
  flowTtlSeconds: {
    env: 'PASSI_FLOW_TTL_SECONDS',
    schema: z.coerce
      .number()
      .int()
      .min(60)
      .max(3600)
      .default(900)
      .describe('How long a login may take, from the service request to the response (seconds).'),
  },
  sessionTtlSeconds: {
    env: 'PASSI_SESSION_TTL_SECONDS',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(86400)
      .default(3600)
      .describe('Lifetime of Passi single sign-on sessions (seconds); 0 disables SSO sessions.'),
  },
  shortLivedState: {
    env: 'PASSI_SHORT_LIVED_STATE',
    schema: z
      .enum(['auto', 'store'])
      .default('auto')
      .describe(
        'Where logins in progress and the single-use ids bound to them are kept (docs/performance.md "Short-lived state in memory"). `auto`: in process memory on the embedded store, which serves one node, and in PostgreSQL otherwise; there the other single-use ids (a service\'s AuthnRequest ID, Opinsys `jti`, Wilma nonces) are decided in memory too and written to the store every 250 ms and at shutdown, and read back at start (docs/performance.md "Fewer statements per login, a lighter load client, random arrivals"), and a finished login\'s report, SSO session and OpenID Connect session, grant and token are written to the store the same way (docs/performance.md "Writes behind the login"); `store`: always in the store, at once. Registry, keys and audit are always written to the store at once.',
      ),
  },
  poolThreadScheduling: {
    env: 'PASSI_POOL_THREAD_SCHEDULING',
    schema: z
      .enum(['batch', 'normal'])
      .default('batch')
      .describe(
        "How Linux schedules libuv's pool threads, where a login's RSA signatures and decryptions run with keys of 3072 bits or more, production's default (docs/performance.md \"libuv's pool without wake-up preemption\", \"Small keys' signatures on the event loop\"). `batch`: under SCHED_BATCH, set at start with util-linux's `chrt`, so a woken pool thread does not preempt the event loop that handed it the work; where that cannot be done (not Linux, no `chrt`) the log says why and the threads keep the normal policy. `normal`: left as they are.",
      ),
  },
  clockSkewSeconds: {
    env: 'PASSI_CLOCK_SKEW_SECONDS',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(300)
      .default(60)
      .describe('Allowed clock difference when checking the time stamps of incoming messages (seconds).'),
  },
  sweepIntervalSeconds: {
    env: 'PASSI_SWEEP_INTERVAL_SECONDS',
    schema: z.coerce
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(60)
      .describe(
        'How often expired flow state, sessions, replay entries and OIDC artifacts are deleted (seconds).',
      ),
  },
  loginReportRetentionDays: {
    env: 'PASSI_LOGIN_REPORT_RETENTION_DAYS',
    schema: z.coerce
      .number()
      .int()
      .min(1)
      .max(400)
      .default(30)
      .describe(
        'How long raw login reports (rules that fired, for the support trace and data-quality views) are kept (days); match the privacy notice. Daily statistics are kept 25 months regardless.',
      ),
  },
  demoData: {
    env: 'PASSI_DEMO_DATA',
    schema: z
      .enum(['auto', 'off'])
      .default('auto')
      .describe(
        '`auto` imports the demo registry (`demo/registry.yaml`) when the registry is empty, except in production mode; `off` never does.',
      ),
  },
  adminToken: {
    env: 'PASSI_ADMIN_TOKEN',
    schema: z
      .string()
      .min(32, 'must be at least 32 characters')
      .optional()
      .describe(
        'Bearer token for the admin API at `/admin/api`; when unset the admin API refuses every request.',
      ),
  },
  smtpUrl: {
    env: 'PASSI_SMTP_URL',
    schema: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional()
      .describe(
        "SMTP server for the management portal's e-mail (invitations), e.g. `smtp://user:pass@mail.example.fi:587`. When unset, messages are written to `<dataDir>/outbox/` and their links are logged (docs/portal.md).",
      ),
  },
  mailFrom: {
    env: 'PASSI_MAIL_FROM',
    schema: z
      .string()
      .min(3)
      .default('Passi <passi@localhost>')
      .describe("Sender address of the management portal's e-mail."),
  },
  weeklySummary: {
    env: 'PASSI_WEEKLY_SUMMARY',
    schema: z
      .enum(['auto', 'on', 'off'])
      .default('auto')
      .describe(
        'The weekly e-mail of login counts and data-quality problems to each education provider\'s technical contacts (docs/operations.md "Weekly summary"). `auto`: on in production mode with `PASSI_SMTP_URL` set, off otherwise; `on`: always (without SMTP the mails go to `<dataDir>/outbox/`); `off`: never.',
      ),
  },
  expiryNotices: {
    env: 'PASSI_EXPIRY_NOTICES',
    schema: z
      .enum(['auto', 'on', 'off'])
      .default('auto')
      .describe(
        'E-mails to an organisation\'s technical contacts 30 and 7 days before one of its certificates, metadata or client secrets expires (docs/portal.md "Needs attention"). `auto`: on in production mode with `PASSI_SMTP_URL` set, off otherwise; `on`: always (without SMTP the mails go to `<dataDir>/outbox/`); `off`: never. Independent of `PASSI_WEEKLY_SUMMARY`.',
      ),
  },
  weeklySummaryDay: {
    env: 'PASSI_WEEKLY_SUMMARY_DAY',
    schema: z.coerce
      .number()
      .int()
      .min(1)
      .max(7)
      .default(1)
      .describe(
        'Weekday the summary of the week before is sent on, in Finnish time (ISO 8601: 1 = Monday … 7 = Sunday).',
      ),
  },
  weeklySummaryHour: {
    env: 'PASSI_WEEKLY_SUMMARY_HOUR',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(23)
      .default(6)
      .describe('Hour of that day (Europe/Helsinki, 0–23) from which the weekly summary is sent.'),
  },
  portalOidcIssuer: {
    env: 'PASSI_PORTAL_OIDC_ISSUER',
    schema: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe(
        'Issuer URL of an external OpenID provider for the management portal\'s sign-in (e.g. a municipality\'s Entra ID tenant, `https://login.microsoftonline.com/<tenant>/v2.0`). When set, the sign-in page offers "Sign in with <name>"; an account is matched by a verified e-mail address only (docs/portal.md "Sign-in with an external provider"). Needs the client id, secret and name too.',
      ),
  },
  portalOidcClientId: {
    env: 'PASSI_PORTAL_OIDC_CLIENT_ID',
    schema: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("The portal's client id at the external OpenID provider."),
  },
  portalOidcClientSecret: {
    env: 'PASSI_PORTAL_OIDC_CLIENT_SECRET',
    schema: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe(
        "The portal's client secret at the external OpenID provider (sent with `client_secret_post`).",
      ),
  },
  portalOidcName: {
    env: 'PASSI_PORTAL_OIDC_NAME',
    schema: z
      .string()
      .min(1)
      .max(80)
      .optional()
      .describe("The external provider's name on the sign-in button, e.g. `Espoon kaupunki`."),
  },
  portalOidcBothFactors: {
    env: 'PASSI_PORTAL_OIDC_BOTH_FACTORS',
    schema: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true')
      .describe(
        "`true`: a sign-in at the external provider counts as both factors (the provider's own MFA policy is trusted; `acr`/`amr` are not checked). `false`: the person also enters their Passi code (authenticator app or recovery code) after the provider's sign-in.",
      ),
  },
  productionIntegrationsNeedApproval: {
    env: 'PASSI_PRODUCTION_INTEGRATIONS_NEED_APPROVAL',
    schema: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true')
      .describe(
        '`true`: a production integration an education provider creates from its tested test integration in the portal starts as `pending` (no logins, not in discovery) until an operator approves it (docs/portal.md "Test login and production"). `false`: it is active at once.',
      ),
  },
  orgdataServiceUrl: {
    env: 'PASSI_ORGDATA_SERVICE_URL',
    schema: z
      .url()
      .default('https://virkailija.opintopolku.fi/organisaatio-service')
      .describe(
        'Base URL of the OPH organisation service used by `passi orgdata refresh` and the refresh schedule.',
      ),
  },
  orgdataCallerId: {
    env: 'PASSI_ORGDATA_CALLER_ID',
    schema: z
      .string()
      .min(1)
      .max(200)
      .default('passi')
      .describe('`Caller-Id` header sent to OPH open APIs (OPH asks callers to identify themselves).'),
  },
  orgdataRootOids: {
    env: 'PASSI_ORGDATA_ROOT_OIDS',
    schema: z
      .string()
      .regex(
        /^(1\.2\.246\.562\.(10|99)\.\d+)?(,1\.2\.246\.562\.(10|99)\.\d+)*$/,
        'must be a comma-separated list of organisation OIDs',
      )
      .default('')
      .describe(
        'Organisation subtrees loaded on a full refresh (comma-separated OIDs); empty loads the whole national tree.',
      ),
  },
  orgdataRefreshHours: {
    env: 'PASSI_ORGDATA_REFRESH_HOURS',
    schema: z.coerce
      .number()
      .min(0)
      .max(168)
      .default(0)
      .describe(
        'Refresh organisation data from the organisation service every N hours (change feed since the last refresh); 0 turns the schedule off. Production deployments set 24.',
      ),
  },
  trustProxy: {
    env: 'PASSI_TRUST_PROXY',
    schema: z
      .string()
      .default('false')
      .transform((value, ctx) => {
        const parsed = parseTrustProxy(value);
        if (parsed === undefined) {
          ctx.addIssue({
            code: 'custom',
            message:
              'must be false, a hop count (1–10), or a comma-separated list of proxy addresses or networks (CIDR)',
          });
          return z.NEVER;
        }
        return parsed;
      })
      .describe(
        'Which reverse proxies in front of Passi to trust for `X-Forwarded-*`: `false`, the number of proxy hops (e.g. `1`), or the proxies\' addresses or networks, comma-separated (e.g. `10.0.0.0/8, 192.0.2.10`). The client address is the one the last trusted proxy saw, so a client cannot choose its rate-limit key. `true` (trust every hop) is refused in production. See operations.md "Behind a reverse proxy".',
      ),
  },
  httpHeadersTimeoutMs: {
    env: 'PASSI_HTTP_HEADERS_TIMEOUT_MS',
    schema: z.coerce
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(10_000)
      .describe(
        'How long a client may take to send a request\'s headers (milliseconds); then the connection is closed with 408. Slow clients must not hold a node\'s sockets. See operations.md "Timeouts".',
      ),
  },
  httpRequestTimeoutMs: {
    env: 'PASSI_HTTP_REQUEST_TIMEOUT_MS',
    schema: z.coerce
      .number()
      .int()
      .min(100)
      .max(120_000)
      .default(30_000)
      .describe(
        'How long a client may take to send a whole request, headers and body (milliseconds), and how long a connection may sit idle; then it is closed (408 when nothing was answered yet). See operations.md "Timeouts".',
      ),
  },
  rateLimitLoginPerMinute: {
    env: 'PASSI_RATE_LIMIT_LOGIN_PER_MINUTE',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(3000)
      .describe(
        'Requests per client address per minute that start or end a login (SAML SSO, OIDC authorize, logout). A whole school behind one NAT address must fit: an OIDC login makes three such requests, a SAML login one, so the default allows 1000–3000 logins a minute from one address. 0 turns this limit off. See operations.md "Rate limits".',
      ),
  },
  rateLimitReturnPerMinute: {
    env: 'PASSI_RATE_LIMIT_RETURN_PER_MINUTE',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(3000)
      .describe(
        'Requests per client address per minute to the return addresses of school connectors (SAML ACS, OIDC/Wilma/Opinsys callbacks) and the test directory login form. 0 turns this limit off. See operations.md "Rate limits".',
      ),
  },
  rateLimitSearchPerMinute: {
    env: 'PASSI_RATE_LIMIT_SEARCH_PER_MINUTE',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(6000)
      .describe(
        'Requests per client address per minute to the school selection page and its type-ahead search. 0 turns this limit off. See operations.md "Rate limits".',
      ),
  },
  rateLimitTokenPerMinute: {
    env: 'PASSI_RATE_LIMIT_TOKEN_PER_MINUTE',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(12000)
      .describe(
        'Requests per client address per minute to the OIDC token and userinfo endpoints (service back ends; one service may redeem every login it receives). 0 turns this limit off. See operations.md "Rate limits".',
      ),
  },
  rateLimitAdminPerMinute: {
    env: 'PASSI_RATE_LIMIT_ADMIN_PER_MINUTE',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(300)
      .describe(
        'Requests per client address per minute to the admin API. 0 turns this limit off. See operations.md "Rate limits".',
      ),
  },
  rateLimitSyncMs: {
    env: 'PASSI_RATE_LIMIT_SYNC_MS',
    schema: z.coerce
      .number()
      .int()
      .min(50)
      .max(60_000)
      .default(1000)
      .describe(
        'How often each node merges its request counts into the shared store (milliseconds). With N nodes a limit may be exceeded by what the other nodes allow in one interval.',
      ),
  },
} as const;

type Options = typeof configOptions;

export const configSchema = z
  .object(
    Object.fromEntries(Object.entries(configOptions).map(([k, v]) => [k, v.schema])) as {
      [K in keyof Options]: Options[K]['schema'];
    },
  )
  .strict();

export type PassiConfig = z.output<typeof configSchema>;

/** What Fastify's `trustProxy` receives: off, every hop (development only), a hop count, or addresses. */
export type TrustProxy = boolean | number | string[];

/** `PASSI_TRUST_PROXY`: `false`, `true`, a hop count, or IP addresses / CIDR networks; undefined if bad. */
function parseTrustProxy(value: string): TrustProxy | undefined {
  const text = value.trim();
  if (text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops >= 1 && hops <= 10 ? hops : undefined;
  }
  const entries = text.split(',').map((e) => e.trim());
  return entries.every(isAddressOrNetwork) ? entries : undefined;
}

function isAddressOrNetwork(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
