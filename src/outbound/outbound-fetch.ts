import type { ErrorCode } from '../core/error-codes.ts';
import { PassiError } from '../core/errors.ts';
import {
  type OutboundErrorCodes,
  RedirectRefusedError,
  systemErrorCode,
  transportMessage,
  type UnreachableReason,
  UPSTREAM_OUTBOUND_CODES,
  unreachableReason,
} from './outbound-errors.ts';
import type { OutboundLimits } from './outbound-limits.ts';
import { readCappedBody } from './read-capped-body.ts';

/**
 * The one way Passi calls other services over HTTP (docs/architecture.md "Outbound HTTP"): a timeout over
 * the whole exchange, a body cap counted while streaming, redirects refused unless the caller asks, and
 * every failure raised as a coded PassiError in the caller's vocabulary. The transport is injectable
 * (tests pass a fake fetch; Opinsys passes one that can send a Host header).
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface OutboundClientOptions {
  /** Who answers, in messages: "Wilma", "Microsoft Graph", "the organisation service". */
  peer: string;
  limits: OutboundLimits;
  /** The transport; default the global fetch. */
  fetch?: FetchLike | undefined;
  /** Refuse http:// addresses, and redirects to them. */
  httpsOnly?: boolean;
  /** Default: the upstream vocabulary (UPSTREAM_UNREACHABLE / UPSTREAM_FAILED / UPSTREAM_ANSWER_INVALID). */
  codes?: OutboundErrorCodes;
  /** Whether error messages may be shown to the person (PassiError `expose`); default: the code's status decides. */
  expose?: boolean;
  /** Added to every error's detail (e.g. the integration id); never secrets. */
  detail?: Record<string, unknown>;
}

export interface OutboundRequest {
  method?: string;
  headers?: HeadersInit;
  body?: BodyInit | null;
  /** Follow up to 5 redirects (the https-only rule applies to each hop). Default: refuse them. */
  followRedirects?: boolean;
  /** The caller's own cancellation (a library's signal); its abort is passed through unchanged. */
  signal?: AbortSignal | null;
}

export interface OutboundResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  /** The address that answered, after any followed redirect. */
  readonly url: string;
  readonly body: Uint8Array<ArrayBuffer>;
  text(): string;
}

export interface OutboundClient {
  /** Any answer that is not a redirect, whatever its status; transport failures raise `unreachable`. */
  send(url: string, request?: OutboundRequest): Promise<OutboundResponse>;
  /** A 2xx answer's text; any other status raises `failed` with the status in `detail.status`. */
  text(url: string, request?: OutboundRequest): Promise<string>;
  /** A 2xx answer parsed as JSON; a body that is not JSON raises `invalid`. */
  json(url: string, request?: OutboundRequest): Promise<unknown>;
  /** `failed` for an answer the caller will not accept (its status in detail). */
  statusError(response: OutboundResponse, message?: string): PassiError;
  /** The same limits as a fetch, for libraries that take one (openid-client `customFetch`). */
  readonly fetch: FetchLike;
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Statuses whose Response may not have a body (Fetch standard "null body status"). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

export function createOutboundClient(options: OutboundClientOptions): OutboundClient {
  const transport: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const codes = options.codes ?? UPSTREAM_OUTBOUND_CODES;
  const { timeoutMs, maxBytes } = options.limits;
  const peer = options.peer;

  const error = (
    code: ErrorCode,
    message: string,
    url: URL,
    detail: Record<string, unknown>,
    cause?: unknown,
  ) =>
    new PassiError(code, message, {
      ...(options.expose === undefined ? {} : { expose: options.expose }),
      ...(cause === undefined ? {} : { cause }),
      detail: { ...options.detail, host: url.host, ...detail },
    });

  const unreachable = (reason: UnreachableReason, url: URL, cause?: unknown): PassiError => {
    const why: Record<UnreachableReason, string> = {
      timeout: `did not answer within ${timeoutMs / 1000} s`,
      refused: 'refused the connection',
      dns: 'has an address that does not resolve',
      network: 'is not reachable',
      'too-large': `sent more than ${maxBytes} bytes`,
    };
    const system = reason === 'network' ? transportMessage(cause) : systemErrorCode(cause);
    const where = system === undefined ? url.host : `${url.host}, ${system}`;
    return error(codes.unreachable, `${peer} ${why[reason]} (${where})`, url, { reason }, cause);
  };

  async function send(address: string, request: OutboundRequest = {}): Promise<OutboundResponse> {
    const parsed = safeUrl(address);
    if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
      throw new PassiError(codes.config, `${peer} has no usable web address`, {
        ...(options.expose === undefined ? {} : { expose: options.expose }),
        detail: { ...options.detail, reason: 'bad-address' },
      });
    }
    let url = parsed;
    if (options.httpsOnly && url.protocol !== 'https:') {
      throw error(codes.config, `${peer} must be reached over https (${url.host})`, url, {
        reason: 'not-https',
      });
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
    const headers = new Headers(request.headers);
    let method = (request.method ?? 'GET').toUpperCase();
    let body = request.body ?? null;

    for (let hop = 0; ; hop++) {
      let response: Response;
      let bytes: Uint8Array<ArrayBuffer> | undefined;
      try {
        response = await transport(url.href, { method, headers, body, redirect: 'manual', signal });
        if (REDIRECT_STATUSES.has(response.status)) {
          await response.body?.cancel().catch(() => undefined);
        } else {
          bytes = await readCappedBody(response, maxBytes);
          if (bytes === undefined) throw unreachable('too-large', url);
        }
      } catch (e) {
        if (e instanceof PassiError) throw e;
        // The caller cancelled (its own timer, say): that is the caller's to report, not a transport error.
        if (request.signal?.aborted && !timeout.aborted) throw e;
        throw unreachable(unreachableReason(e, timeout.aborted), url, e);
      }
      if (bytes !== undefined) {
        const answer = bytes;
        return {
          status: response.status,
          ok: response.status >= 200 && response.status < 300,
          headers: response.headers,
          url: url.href,
          body: answer,
          text: () => new TextDecoder().decode(answer),
        };
      }
      const location = response.headers.get('location');
      const next = location === null ? undefined : safeUrl(location, url);
      const refuse = (why: string) =>
        new RedirectRefusedError(codes.failed, `${peer} ${why} (${url.host})`, response.status, {
          ...options.detail,
          host: url.host,
        });
      if (!request.followRedirects) throw refuse(`answered with a redirect (HTTP ${response.status})`);
      if (next === undefined) throw refuse(`sent a redirect without a usable Location`);
      if (hop >= MAX_REDIRECTS) throw refuse(`redirected more than ${MAX_REDIRECTS} times`);
      if (options.httpsOnly && next.protocol !== 'https:') throw refuse('redirected to an http address');
      if (next.protocol !== 'https:' && next.protocol !== 'http:') throw refuse('redirected off the web');
      // Credentials were meant for the first host only (Fetch standard, "HTTP-redirect fetch" step 13).
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      // RFC 9110 §15.4: 303 always, and 301/302 after a POST, continue as GET without the body.
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = null;
        headers.delete('content-type');
      }
      url = next;
    }
  }

  const statusError = (response: OutboundResponse, message?: string): PassiError => {
    const url = new URL(response.url);
    return error(codes.failed, message ?? `${peer} refused the request (HTTP ${response.status})`, url, {
      status: response.status,
    });
  };

  async function text(url: string, request?: OutboundRequest): Promise<string> {
    const response = await send(url, request);
    if (!response.ok) throw statusError(response);
    return response.text();
  }

  return {
    send,
    text,
    statusError,
    async json(url, request) {
      const headers = new Headers(request?.headers);
      if (!headers.has('accept')) headers.set('accept', 'application/json');
      const response = await send(url, { ...request, headers });
      if (!response.ok) throw statusError(response);
      try {
        return JSON.parse(response.text()) as unknown;
      } catch (e) {
        throw error(codes.invalid, `${peer} sent an answer that is not JSON`, new URL(response.url), {}, e);
      }
    },
    async fetch(url, init) {
      const answer = await send(url, {
        ...(init.method === undefined ? {} : { method: init.method }),
        ...(init.headers === undefined ? {} : { headers: init.headers }),
        ...(init.body === undefined ? {} : { body: init.body }),
        ...(init.signal === undefined ? {} : { signal: init.signal }),
      });
      const response = new Response(NULL_BODY_STATUSES.has(answer.status) ? null : answer.body, {
        status: answer.status,
        headers: answer.headers,
      });
      Object.defineProperty(response, 'url', { value: answer.url });
      return response;
    },
  };
}

function safeUrl(location: string, base?: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}
