/**
 * Hostile input at every public endpoint that takes it: a NUL character in a parameter, a form field or a
 * Passi cookie; a body (or headers) sent byte by byte; XML nested thousands of levels deep. Each is refused
 * with 400 (408 for the slow client) and a clear code, without an error-level log line, and a slow client
 * cannot keep its socket beyond the configured timeouts.
 */
import { connect } from 'node:net';
import { deflateRawSync } from 'node:zlib';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from 'vitest';
import { captureLog } from '../support/log-capture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const TIMEOUTS = { httpHeadersTimeoutMs: 600, httpRequestTimeoutMs: 1200 };

const NUL = '\u0000';
const authnRequest = (inner = '') =>
  `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" Version="2.0" IssueInstant="${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}"><saml:Issuer>https://sp.example.fi</saml:Issuer>${inner}</samlp:AuthnRequest>`;
const redirectMessage = (xml: string) =>
  encodeURIComponent(deflateRawSync(Buffer.from(xml)).toString('base64'));
const postMessage = (xml: string) => Buffer.from(xml).toString('base64');
const nested = (depth: number) => `${'<e>'.repeat(depth)}${'</e>'.repeat(depth)}`;

interface Case {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  form?: Record<string, string>;
  cookie?: string;
  /** A service back end's endpoint: an OAuth error in JSON (RFC 6749 §5.2) instead of a page. */
  oauth?: true;
}

const authorize = (param: string, baseUrl: string) => {
  const q = new URLSearchParams({
    client_id: 'passi-attribute-test',
    redirect_uri: `${baseUrl}/test-service/oidc/callback`,
    response_type: 'code',
    scope: 'openid',
    state: 's1',
    nonce: 'n1',
  });
  q.set(param, `a${NUL}b`);
  return `/idp/profile/oidc/authorize?${q}`;
};

/** Every public endpoint that reads a parameter, a form field or a Passi cookie, with a NUL in it. */
const nulCases = (baseUrl: string): Case[] => [
  {
    name: 'SAML SSO Redirect RelayState',
    method: 'GET',
    path: `/idp/profile/SAML2/Redirect/SSO?SAMLRequest=${redirectMessage(authnRequest())}&RelayState=a%00b`,
  },
  {
    name: 'SAML SSO POST RelayState',
    method: 'POST',
    path: '/idp/profile/SAML2/POST/SSO',
    form: { SAMLRequest: postMessage(authnRequest()), RelayState: `a${NUL}b` },
  },
  {
    name: 'SAML logout return',
    method: 'GET',
    path: '/idp/profile/Logout?return=https%3A%2F%2Fsp.example.fi%2F%00',
  },
  ...['state', 'nonce', 'login_hint', 'ui_locales'].map(
    (param): Case => ({ name: `OIDC authorize ${param}`, method: 'GET', path: authorize(param, baseUrl) }),
  ),
  {
    name: 'OIDC token code',
    method: 'POST',
    oauth: true,
    path: '/idp/profile/oidc/token',
    form: {
      grant_type: 'authorization_code',
      code: `a${NUL}b`,
      redirect_uri: `${baseUrl}/test-service/oidc/callback`,
      client_id: 'passi-attribute-test',
    },
  },
  ...(['code_verifier', 'redirect_uri', 'client_id', 'grant_type', 'client_secret'] as const).map(
    (param): Case => ({
      name: `OIDC token ${param}`,
      method: 'POST',
      oauth: true,
      path: '/idp/profile/oidc/token',
      form: {
        grant_type: 'authorization_code',
        code: 'c1',
        code_verifier: 'v'.repeat(43),
        redirect_uri: `${baseUrl}/test-service/oidc/callback`,
        client_id: 'passi-attribute-test',
        client_secret: 'x',
        [param]: `a${NUL}b`,
      },
    }),
  ),
  ...(['post_logout_redirect_uri', 'state', 'client_id', 'id_token_hint', 'ui_locales'] as const).map(
    (param): Case => ({
      name: `OIDC end-session POST ${param}`,
      method: 'POST',
      path: '/idp/profile/oidc/logout',
      form: { client_id: 'passi-attribute-test', [param]: `a${NUL}b` },
    }),
  ),
  {
    name: 'OIDC end-session confirmation',
    method: 'POST',
    path: '/idp/profile/oidc/logout/confirm',
    form: { xsrf: `a${NUL}b`, logout: 'yes' },
  },
  {
    name: 'OIDC userinfo POST access_token',
    method: 'POST',
    oauth: true,
    path: '/idp/profile/oidc/userinfo',
    form: { access_token: `a${NUL}b` },
  },
  {
    name: 'SP ACS RelayState',
    method: 'POST',
    path: '/sp/SomeSchool/acs',
    form: { SAMLResponse: postMessage('<a/>'), RelayState: `a${NUL}b` },
  },
  {
    name: 'SP ACS flow name',
    method: 'POST',
    path: '/sp/Some%00School/acs',
    form: { SAMLResponse: 'PGEvPg==' },
  },
  { name: 'discovery search', method: 'GET', path: '/discovery/results?q=a%00b' },
  { name: 'discovery page', method: 'GET', path: '/discovery?q=a%00b' },
  { name: 'discovery choice', method: 'POST', path: '/discovery/choose', form: { integration: `a${NUL}b` } },
  {
    name: 'test directory login',
    method: 'POST',
    path: '/upstream/test-directory/MansikkalaTest/login',
    form: { username: `demo${NUL}`, password: 'x' },
  },
  {
    name: 'flow cookie',
    method: 'GET',
    path: '/upstream/test-directory/MansikkalaTest/login',
    cookie: '__Host-passi_flow=a%00b',
  },
  { name: 'Wilma return', method: 'GET', path: '/upstream/wilma/Koulu/callback?nonce=a%00b&userid=u&h=00' },
  { name: 'Opinsys return', method: 'GET', path: '/upstream/opinsys/Koulu/callback?jwt=a%00b' },
  { name: 'OIDC return', method: 'GET', path: '/upstream/oidc/Koulu/callback?state=a%00b&code=c' },
];

/** Writes a request's head and then its body one byte every `gapMs`; resolves with what came back. */
function slowRequest(
  port: number,
  head: string,
  body: string,
  gapMs: number,
): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (sent < body.length && socket.writable) socket.write(body[sent++] ?? '');
      }, gapMs);
    });
    socket.on('data', (d) => {
      answer += String(d);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
  });
}

describe('hostile input at the public endpoints', () => {
  let t: TestApp;
  let port: number;
  const { stream: logStream, lines } = captureLog();
  beforeAll(async () => {
    t = await createTestApp({ config: TIMEOUTS, logStream });
    port = Number(new URL(t.baseUrl).port);
  });
  afterAll(async () => {
    await t?.close();
  });

  const errorLines = () =>
    lines.filter((l) => (JSON.parse(l) as { level: number }).level >= 50).map((l) => l.slice(0, 300));

  describe('a NUL character', () => {
    it.each(nulCases('http://localhost:0').map((c) => [c.name, c]))('%s → 400', async (_name, template) => {
      const c = nulCases(t.baseUrl).find((x) => x.name === template.name) ?? template;
      lines.length = 0;
      const response = await fetch(`${t.baseUrl}${c.path}`, {
        method: c.method,
        redirect: 'manual',
        headers: {
          ...(c.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...(c.cookie ? { cookie: c.cookie } : {}),
        },
        body: c.form ? new URLSearchParams(c.form).toString() : undefined,
      });
      const page = await response.text();
      expect(response.status, page.slice(0, 300)).toBe(400);
      expect(errorLines()).toEqual([]);
      if (c.oauth) {
        expect(JSON.parse(page)).toMatchObject({ error: expect.stringMatching(/^invalid_(grant|request)$/) });
        return;
      }
      expect(response.headers.get('x-passi-error-code')).toBe('PASSI_REQUEST_INVALID');
      expect(page).toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      expect(errorLines()).toEqual([]);
    });
  });

  describe('XML nested deeper than SAML needs', () => {
    it.each([
      [
        'SAML SSO Redirect',
        () =>
          fetch(
            `${t.baseUrl}/idp/profile/SAML2/Redirect/SSO?SAMLRequest=${redirectMessage(authnRequest(nested(200)))}`,
          ),
      ],
      [
        'SAML SSO POST',
        () =>
          fetch(`${t.baseUrl}/idp/profile/SAML2/POST/SSO`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ SAMLRequest: postMessage(authnRequest(nested(20_000))) }).toString(),
          }),
      ],
    ])('%s → 400 before a DOM is built', async (_name, send) => {
      lines.length = 0;
      const response = await send();
      expect(response.status).toBe(400);
      expect(response.headers.get('x-passi-error-code')).toBe('PASSI_REQUEST_INVALID');
      expect(lines.some((l) => l.includes('nested deeper than 64'))).toBe(true);
      expect(errorLines()).toEqual([]);
    });
  });

  describe('a client that sends slowly', () => {
    // Nothing bypasses the structured log (Koa, under oidc-provider, prints unhandled errors to stderr).
    let stderr: MockInstance<typeof console.error>;
    beforeEach(() => {
      stderr = vi.spyOn(console, 'error');
    });
    afterEach(() => {
      expect(stderr.mock.calls.map((c) => String(c[0]).slice(0, 200))).toEqual([]);
      stderr.mockRestore();
    });
    const posts = [
      '/idp/profile/SAML2/POST/SSO',
      '/sp/SomeSchool/acs',
      '/discovery/choose',
      '/upstream/test-directory/MansikkalaTest/login',
      '/idp/profile/oidc/token',
    ];
    it.each(posts)('a body to %s, byte by byte, is cut with 408 at the request timeout', async (path) => {
      lines.length = 0;
      const body = `a=${'x'.repeat(200)}`;
      const head = `POST ${path} HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`;
      const { answer, closedAfterMs } = await slowRequest(port, head, body, 100);
      expect(closedAfterMs).toBeLessThan(TIMEOUTS.httpRequestTimeoutMs + 1500);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      await new Promise((r) => setTimeout(r, 100));
      expect(errorLines()).toEqual([]);
    });

    it('headers sent byte by byte are cut at the headers timeout', async () => {
      lines.length = 0;
      const { answer, closedAfterMs } = await slowRequest(
        port,
        '',
        `GET /discovery HTTP/1.1\r\nHost: localhost:${port}\r\nX-Slow: ${'y'.repeat(100)}\r\n\r\n`,
        100,
      );
      expect(closedAfterMs).toBeLessThan(TIMEOUTS.httpHeadersTimeoutMs + 1500);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(errorLines()).toEqual([]);
    });

    it.each(posts)('a client that leaves in the middle of a body to %s is not an error', async (path) => {
      lines.length = 0;
      await new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            `POST ${path} HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\na=1`,
          );
          setTimeout(() => socket.destroy(), 200);
        });
        socket.on('error', () => undefined);
        socket.on('close', () => resolve());
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(errorLines()).toEqual([]);
    });

    it('still serves everyone else', async () => {
      expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    });
  });
});
