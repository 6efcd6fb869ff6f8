import { type Clock, systemClock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure, PassiError } from '../../core/errors.ts';
import {
  createOutboundClient,
  type OutboundRequest,
  type OutboundResponse,
} from '../../outbound/outbound-fetch.ts';
import { OUTBOUND_LIMITS } from '../../outbound/outbound-limits.ts';

/**
 * Microsoft Graph client for Entra ID schools: an app-only token from the school's own app
 * registration (client credentials), then `GET /v1.0/users/{id}?$select=…` with the integration's attribute
 * names (case-sensitive, as Graph spells them). Values come back as string arrays, like SAML attributes.
 *
 * Used by the Entra-over-SAML connector, Entra over OIDC and the attribute test function.
 * The client secret and tokens are never logged or put in error messages.
 */
export interface GraphClientOptions {
  fetch?: typeof fetch;
  /** Default https://login.microsoftonline.com */
  loginBaseUrl?: string;
  /** Default https://graph.microsoft.com */
  graphBaseUrl?: string;
  clock?: Clock;
  /** Per-request timeout (ms); default OUTBOUND_LIMITS.graph (10 s). */
  timeoutMs?: number;
  /** Longest Retry-After (seconds) honoured once for a 429; longer waits fail at once. Default 5. */
  maxRetryAfterSeconds?: number;
  /** Injected sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
}

export interface GraphUserInput {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Object id or userPrincipalName. */
  userId: string;
  /** Graph property names, case-sensitive (e.g. `givenName`, `extension_<appId>_learnerId`). */
  select: string[];
}

export interface GraphClient {
  fetchUser(input: GraphUserInput): Promise<Record<string, string[]>>;
}

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

const TENANT_RE = /^[A-Za-z0-9.-]{1,100}$/;
const PROPERTY_RE = /^[A-Za-z][A-Za-z0-9_]{0,119}$/;

export function createGraphClient(options: GraphClientOptions = {}): GraphClient {
  const loginBase = (options.loginBaseUrl ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const graphBase = (options.graphBaseUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  // Timeout, size cap, refused redirects and the unreachable code: the outbound client (docs/architecture.md).
  const outbound = createOutboundClient({
    peer: 'Microsoft',
    limits: {
      ...OUTBOUND_LIMITS.graph,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    },
    fetch: options.fetch,
    expose: true,
  });
  const maxRetryAfter = options.maxRetryAfterSeconds ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const tokens = new Map<string, CachedToken>();

  const failed = (message: string, detail: Record<string, unknown>, cause?: unknown) =>
    new PassiError(ErrorCodes.UPSTREAM_FAILED, message, { expose: true, detail, cause });

  const send = (url: string, request: OutboundRequest): Promise<OutboundResponse> =>
    outbound.send(url, request);

  async function token(input: GraphUserInput, force: boolean): Promise<string> {
    const key = `${input.tenantId}\n${input.clientId}\n${input.clientSecret}`;
    const cached = tokens.get(key);
    const now = clock.now().getTime();
    if (!force && cached && cached.expiresAt > now) return cached.accessToken;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: input.clientId,
      client_secret: input.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    });
    const url = `${loginBase}/${encodeURIComponent(input.tenantId)}/oauth2/v2.0/token`;
    const res = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    const json = await readJson(res);
    if (!res.ok) {
      const error = typeof json?.error === 'string' ? json.error : `HTTP ${res.status}`;
      const codes = Array.isArray(json?.error_codes) ? json.error_codes.filter(isNumber) : [];
      // AADSTS7000222: the client secret has expired; 7000215: wrong secret; 700016: unknown app.
      const hint = codes.includes(7000222)
        ? 'the client secret has expired'
        : codes.includes(7000215)
          ? 'the client secret is wrong'
          : codes.includes(700016)
            ? 'the application (client) id is not registered in this tenant'
            : codes.includes(90002)
              ? 'the tenant does not exist'
              : 'check the tenant id, client id and client secret';
      throw failed(`Microsoft refused the app credentials (${error}): ${hint}`, {
        step: 'token',
        status: res.status,
        error,
        errorCodes: codes,
      });
    }
    const accessToken = json?.access_token;
    const expiresIn = Number(json?.expires_in ?? 0);
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw failed('Microsoft token response has no access_token', { step: 'token' });
    }
    // Renew a minute early; never cache longer than the token lives.
    const lifetimeMs = Math.max(0, (Number.isFinite(expiresIn) ? expiresIn : 0) * 1000 - 60_000);
    tokens.set(key, { accessToken, expiresAt: now + lifetimeMs });
    return accessToken;
  }

  async function fetchUser(input: GraphUserInput): Promise<Record<string, string[]>> {
    ensure(TENANT_RE.test(input.tenantId), ErrorCodes.UPSTREAM_CONFIG_INVALID, 'invalid Entra tenant id');
    // The user id is the object id the school's answer named.
    ensure(
      input.userId !== '' && input.userId.length <= 256,
      ErrorCodes.UPSTREAM_ANSWER_INVALID,
      'invalid Graph user id',
    );
    const select = [...new Set(input.select)];
    for (const name of select) {
      ensure(
        PROPERTY_RE.test(name),
        ErrorCodes.UPSTREAM_CONFIG_INVALID,
        `invalid Graph attribute name "${name}"`,
      );
    }
    const query = select.length > 0 ? `?$select=${select.map(encodeURIComponent).join(',')}` : '';
    const url = `${graphBase}/v1.0/users/${encodeURIComponent(input.userId)}${query}`;

    let retriedAfter429 = false;
    let retriedAfter401 = false;
    for (;;) {
      const accessToken = await token(input, retriedAfter401);
      const res = await send(url, {
        method: 'GET',
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      });
      if (res.ok) {
        const json = await readJson(res);
        if (!json) throw failed('Microsoft Graph answered without a JSON object', { step: 'user' });
        return normaliseUser(json, select);
      }
      const { code: graphError, message: graphMessage } = await graphErrorOf(res);
      if (res.status === 401 && !retriedAfter401) {
        // A cached token may have been revoked: drop it and try once with a fresh one.
        retriedAfter401 = true;
        continue;
      }
      if (res.status === 429 && !retriedAfter429) {
        const wait = retryAfterSeconds(res.headers.get('retry-after'), clock);
        if (wait !== undefined && wait <= maxRetryAfter) {
          retriedAfter429 = true;
          await sleep(wait * 1000);
          continue;
        }
      }
      const detail = { step: 'user', status: res.status, graphError };
      const property = res.status === 400 ? rejectedProperty(graphMessage) : undefined;
      if (property !== undefined) {
        throw failed(
          `Microsoft Graph does not know the user property '${property}' (400): correct the attribute name in the integration's mapping or graphAttributes (names are case-sensitive; extension attributes must be registered in the tenant)`,
          { ...detail, property },
        );
      }
      if (res.status === 401) {
        throw failed('Microsoft Graph refused the access token (401)', detail);
      }
      if (res.status === 403) {
        throw failed(
          'Microsoft Graph denied access (403): grant the app registration the User.Read.All application permission with admin consent',
          detail,
        );
      }
      if (res.status === 404) {
        throw failed('Microsoft Graph does not know this user (404)', detail);
      }
      if (res.status === 429) {
        throw failed('Microsoft Graph is throttling requests (429); try again later', detail);
      }
      if (res.status >= 500) {
        throw failed(`Microsoft Graph is unavailable (${res.status})`, detail);
      }
      throw failed(`Microsoft Graph refused the request (${res.status})`, detail);
    }
  }

  return { fetchUser };
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number';
}

async function readJson(res: OutboundResponse): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(res.text());
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

async function graphErrorOf(res: OutboundResponse): Promise<{ code?: string; message?: string }> {
  const json = await readJson(res);
  const error = json?.error;
  if (!isRecord(error)) return {};
  return {
    ...(typeof error.code === 'string' ? { code: error.code } : {}),
    ...(typeof error.message === 'string' ? { message: error.message } : {}),
  };
}

/**
 * The `$select` name Graph refused, from its 400 message ("Could not find a property named 'x' on type
 * 'Microsoft.DirectoryServices.User'."): the school sees which of its attribute names is wrong. Only a
 * name Passi could have sent (a Graph property name) is repeated.
 */
function rejectedProperty(message: string | undefined): string | undefined {
  const name = message ? /property named '([^']{1,120})'/.exec(message)?.[1] : undefined;
  return name !== undefined && PROPERTY_RE.test(name) ? name : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function retryAfterSeconds(header: string | null, clock: Clock): number | undefined {
  if (header === null) return 1;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - clock.now().getTime()) / 1000));
}

/** Graph values → string arrays: scalars as one value, arrays element-wise, null/absent dropped. */
export function normaliseUser(
  json: Record<string, unknown>,
  select: readonly string[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const names = select.length > 0 ? select : Object.keys(json).filter((k) => !k.startsWith('@'));
  for (const name of names) {
    const values = toStrings(json[name]);
    if (values.length > 0) out[name] = values;
  }
  return out;
}

function toStrings(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(toStrings);
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return [JSON.stringify(value)];
}
