/**
 * The load client of the proxied-login benchmark, run as its own process: it plays the browser and the
 * service. Each login has a fresh cookie jar (no SSO reuse) and goes
 *   service → Passi (SAML AuthnRequest, or OIDC authorization request with PKCE) → the school's SAML IdP
 *   (another process) → Passi's ACS → the service (SAML Response at its ACS, or code → token endpoint).
 * The school is preselected as a service does it: RequestedAuthnContext / acr_values
 * `urn:mpass.id:authnsource:<flow>` (docs/registry.md `flowName`). What the service does with the answer
 * (verifying the assertion or the ID token) is the service's CPU, not Passi's, and is left out.
 *
 * Closed loop (default): `concurrency` logins at a time, each starting when one ends. Open loop (a rate in
 * logins/s as the last argument): logins arrive at random at that rate (poisson-arrivals.ts) whatever the
 * others do, and each one's latency counts from when it was due, so a server falling behind shows as
 * latency instead of a slower client (no coordinated omission).
 * Prints one JSON line: the latencies; the time each login waited for the school IdP; and the latency Passi
 * adds, each of its answers timed from the request's first byte sent to the answer's last byte read, summed
 * per login. The latency less the school's time also holds the client's own work between requests and, in
 * the open loop, how late its timer started the login: this process's, not Passi's
 * (docs/performance.md "What the half-load latency counts").
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { deflateRawSync } from 'node:zlib';
import { seededRandom } from '../../src/core/testing/seeded-random.ts';
import { keptAliveRequest } from './kept-alive-request.ts';
import { poissonArrivalOffsets } from './poisson-arrivals.ts';

const [
  mode = 'saml',
  baseUrl = '',
  flow = '',
  service = '',
  back = '',
  countText = '100',
  concText = '4',
  rateText = '0',
] = process.argv.slice(2);
const count = Number(countText);
const concurrency = Number(concText);
const rate = Number(rateText);
const passiOrigin = new URL(baseUrl).origin;
const AUTHN_SOURCE = `urn:mpass.id:authnsource:${flow}`;

/**
 * Where the service sends its AuthnRequest: Passi's SSO endpoint, or in mode `simplesamlphp` that of
 * SimpleSAMLphp's IdP (bench/support/simplesamlphp-proxy.ts), the broker Passi is compared with. In that
 * mode "Passi" below means that broker: the client treats either the same way.
 */
const ssoUrl =
  mode === 'simplesamlphp'
    ? `${baseUrl}/saml2/idp/SSOService.php`
    : `${baseUrl}/idp/profile/SAML2/Redirect/SSO`;

function samlAuthnRequestUrl(): string {
  const xml =
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ` +
    `ID="_${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${new Date().toISOString()}" ` +
    `Destination="${ssoUrl}" AssertionConsumerServiceURL="${back}" ` +
    `ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer>${service}</saml:Issuer>` +
    `<samlp:RequestedAuthnContext Comparison="exact"><saml:AuthnContextClassRef>${AUTHN_SOURCE}</saml:AuthnContextClassRef>` +
    `</samlp:RequestedAuthnContext></samlp:AuthnRequest>`;
  const encoded = encodeURIComponent(deflateRawSync(Buffer.from(xml)).toString('base64'));
  return `${ssoUrl}?SAMLRequest=${encoded}`;
}

/** What the client reads of an answer: status, headers and the whole body (a browser reads it all too). */
interface Answer {
  status: number;
  header(name: string): string | undefined;
  setCookies: string[];
  body: string;
}

/** One request to Passi and its answer, as sent and received (replayed by bench/support/http-floor.ts). */
export interface Exchange {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  status: number;
  /** The answer's headers as received, name and value alternating. */
  rawHeaders: string[];
  responseBody: string;
}

/**
 * One HTTP/1.1 exchange over node:http with kept-alive connections, as a browser keeps them, and sent
 * again once where a browser would send it again (kept-alive-request.ts). Plain node:http rather than
 * fetch: the client's own CPU and event-loop delays count in the latency it measures, and with fetch the
 * client took about three times the CPU per login (docs/performance.md "A lighter load client"). An
 * answer's time counts from the first attempt.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
/** Requests sent again because the server had closed their kept-alive connection; the first few named. */
let connectionRetries = 0;
const connectionRetryExamples: string[] = [];
async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  record?: Exchange[],
  spent?: LoginTimes,
): Promise<Answer> {
  const target = new URL(url);
  const sentAt = performance.now();
  const res = await keptAliveRequest(agent, target, init, (what) => {
    connectionRetries++;
    if (connectionRetryExamples.length < 3) connectionRetryExamples.push(what);
  });
  if (spent !== undefined && target.origin === passiOrigin) {
    const took = performance.now() - sentAt;
    spent.passiMs += took;
    spent.passiSteps.push(took);
  }
  if (record !== undefined && target.origin === passiOrigin) {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    record.push({
      method: init.method ?? 'GET',
      path: `${target.pathname}${target.search}`,
      headers,
      ...(init.body === undefined ? {} : { body: init.body }),
      status: res.status,
      rawHeaders: res.rawHeaders,
      responseBody: res.body,
    });
  }
  return {
    status: res.status,
    header: (name) => {
      const v = res.headers[name.toLowerCase()];
      return Array.isArray(v) ? v.join(', ') : v;
    },
    setCookies: res.headers['set-cookie'] ?? [],
    body: res.body,
  };
}

class Browser {
  private readonly jar = new Map<string, string>();

  /**
   * `spent`: where the time of this browser's requests to Passi is added up (one login's); `record`: where
   * its exchanges with Passi are kept, if anywhere.
   */
  constructor(
    readonly spent: LoginTimes,
    readonly record?: Exchange[],
  ) {}

  /** One request; cookies are kept for Passi's origin only (the school IdP sets none). */
  async request(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Answer> {
    const passi = new URL(url).origin === passiOrigin;
    const headers = { ...init.headers };
    if (passi && this.jar.size > 0) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await send(url, { ...init, headers }, this.record, this.spent);
    if (passi) {
      for (const line of res.setCookies) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
    }
    return res;
  }

  /** Follows redirects until a page answers or `stop` says the next location is not the browser's to follow. */
  async follow(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
    stop: (location: string) => boolean = () => false,
  ): Promise<{ res: Answer; url: string; location?: string }> {
    let res = await this.request(url, init);
    for (let i = 0; i < 10; i++) {
      const location = res.header('location');
      if (res.status < 300 || res.status >= 400 || location === undefined) return { res, url };
      const next = new URL(location, url).toString();
      if (stop(next)) return { res, url, location: next };
      url = next;
      res = await this.request(url);
    }
    throw new Error(`too many redirects at ${url}`);
  }
}

function formOf(html: string): { action: string; fields: Record<string, string> } {
  const htmlText = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#x2F;/g, '/')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form in ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1];
    if (name !== undefined && value !== undefined) fields[name] = htmlText(value);
  }
  return { action: htmlText(action), fields };
}

/**
 * One login's milliseconds: waiting for the school IdP (its login page), and waiting for Passi's answers,
 * summed and each in the order sent (which of a login's exchanges holds its tail).
 */
interface LoginTimes {
  schoolMs: number;
  passiMs: number;
  passiSteps: number[];
}

/** Passi → school IdP → Passi's ACS; returns Passi's answer to the ACS POST. */
async function throughSchool(
  browser: Browser,
  start: string,
  times: LoginTimes,
): Promise<{ res: Answer; url: string; location?: string }> {
  const toSchool = await browser.follow(start, {}, (next) => new URL(next).origin !== passiOrigin);
  if (toSchool.location === undefined) {
    const body = toSchool.res.body;
    throw new Error(
      `Passi answered ${toSchool.res.status} ${toSchool.res.header('x-passi-error-code') ?? ''} at ${toSchool.url}: ${body.slice(0, 200)}`,
    );
  }
  const atSchool = performance.now();
  const idpPage = await browser.request(toSchool.location);
  const idpBody = idpPage.body;
  times.schoolMs += performance.now() - atSchool;
  if (idpPage.status !== 200) throw new Error(`school IdP answered ${idpPage.status}: ${idpBody}`);
  const form = formOf(idpBody);
  return browser.follow(
    form.action,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form.fields).toString(),
    },
    (next) => new URL(next).origin !== passiOrigin,
  );
}

async function samlLogin(times: LoginTimes, record?: Exchange[]): Promise<void> {
  const browser = new Browser(times, record);
  const { res } = await throughSchool(browser, samlAuthnRequestUrl(), times);
  const body = res.body;
  if (res.status !== 200 || !body.includes('name="SAMLResponse"'))
    throw new Error(`ACS answered ${res.status} ${res.header('x-passi-error-code') ?? ''}`);
  if (formOf(body).action !== back) throw new Error('the Response is not sent to the service ACS');
}

async function oidcLogin(times: LoginTimes, record?: Exchange[]): Promise<void> {
  const browser = new Browser(times, record);
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URL(`${baseUrl}/idp/profile/oidc/authorize`);
  for (const [k, v] of Object.entries({
    client_id: service,
    redirect_uri: back,
    response_type: 'code',
    scope: 'openid profile',
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    acr_values: AUTHN_SOURCE,
  }))
    authorize.searchParams.set(k, v);
  // After the ACS, Passi's redirects end at the service's redirect_uri with the code.
  const acs = await throughSchool(browser, authorize.toString(), times);
  const location = acs.location;
  if (location === undefined || !location.startsWith(back)) {
    throw new Error(`no code redirect: ${acs.res.status} ${acs.res.body.slice(0, 200)}`);
  }
  const code = new URL(location).searchParams.get('code');
  if (code === null) throw new Error(`no code in ${location}`);
  const token = await send(
    `${baseUrl}/idp/profile/oidc/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: back,
        client_id: service,
        code_verifier: verifier,
      }).toString(),
    },
    record,
    times,
  );
  const tokens: unknown = JSON.parse(token.body);
  const idToken: unknown = Reflect.get(Object(tokens), 'id_token');
  if (token.status !== 200 || typeof idToken !== 'string' || idToken.split('.').length !== 3)
    throw new Error(`token endpoint answered ${token.status} ${JSON.stringify(tokens)}`);
}

const oneLogin = mode === 'oidc' ? oidcLogin : samlLogin;
const latencies: number[] = [];
const schoolMs: number[] = [];
const passiLatencies: number[] = [];
const passiSteps: number[][] = [];
/** When each login started (or was due), in ms from the run's start. */
const startedAt: number[] = [];
let failures = 0;
/** The first few failed logins' errors, carried in the result so that the report says why they failed. */
const failureReasons: string[] = [];
/** The first login's exchanges with Passi, for the HTTP floor (bench/support/http-floor.ts). */
let exchanges: Exchange[] | undefined;

/** One login timed from `since` (when it started, or was due). */
async function timedLogin(since: number): Promise<void> {
  const times: LoginTimes = { schoolMs: 0, passiMs: 0, passiSteps: [] };
  const record: Exchange[] | undefined = exchanges === undefined ? [] : undefined;
  if (record !== undefined) exchanges = record;
  try {
    await oneLogin(times, record);
    latencies.push(performance.now() - since);
    schoolMs.push(times.schoolMs);
    passiLatencies.push(times.passiMs);
    passiSteps.push(times.passiSteps);
    startedAt.push(since - t0);
  } catch (e) {
    failures++;
    if (failureReasons.length < 3) {
      failureReasons.push(String(e));
      console.error(String(e));
    }
  }
}

/**
 * This process's own collector pauses of 2 ms or more, as [start, duration] in ms since the epoch: a pause
 * here delays reading every answer in flight, which the client counts as Passi's time.
 */
const clientGcPauses: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    if (e.duration >= 2) clientGcPauses.push([performance.timeOrigin + e.startTime, e.duration]);
}).observe({ entryTypes: ['gc'] });

const t0 = performance.now();
const cpu0 = process.cpuUsage();
if (rate > 0) {
  // Random arrivals, as people start their logins (the same seed every run, so runs are comparable).
  const offsets = poissonArrivalOffsets(count, rate, seededRandom(1));
  await Promise.all(
    offsets.map(async (offset) => {
      const due = t0 + offset;
      await sleep(Math.max(0, due - performance.now()));
      await timedLogin(due);
    }),
  );
} else {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        await timedLogin(performance.now());
      }
    }),
  );
}
const elapsedMs = performance.now() - t0;
const used = process.cpuUsage(cpu0);
const cpuMs = (used.user + used.system) / 1000;
// Entries are delivered after the collection, on a later turn of the event loop.
await new Promise((resolve) => setImmediate(resolve));
const startEpochMs = performance.timeOrigin + t0;
console.log(
  JSON.stringify({
    latencies,
    schoolMs,
    passiLatencies,
    passiSteps,
    startedAt,
    startEpochMs,
    clientGcPauses,
    failures,
    failureReasons,
    connectionRetries,
    connectionRetryExamples,
    elapsedMs,
    cpuMs,
    exchanges,
  }),
);
