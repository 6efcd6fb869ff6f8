import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** docs/operations.md "Logs": every log line carries the request id; SAML messages, passwords and tokens never appear. */
describe('structured logs', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    t = await createTestApp({ logStream });
  });
  afterAll(() => t?.close());

  it('redact SAML messages and passwords and carry a request id (or, for login events, the flow id) on every request line', async () => {
    const browser = new BrowserlessClient();
    const marker = `_${'a1b2c3d4'.repeat(4)}`;
    const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="${marker}" Version="2.0"/>`;
    const samlRequest = encodeURIComponent(deflateRawSync(Buffer.from(xml)).toString('base64'));
    await browser.get(`${t.baseUrl}/idp/profile/SAML2/Redirect/SSO?SAMLRequest=${samlRequest}&RelayState=r`);
    const login = await browser.getFollow(`${t.baseUrl}/test-service/saml/login`);
    const posted = await browser.submitForm(login, { username: 'demo_u0001', password: 'demo_u0001pwd' });
    await browser.submitForm(posted);
    const text = lines.join('\n');
    expect(text).toContain('SAMLRequest=[redacted]');
    expect(text).not.toContain(samlRequest.slice(0, 40));
    expect(text).not.toContain('demo_u0001pwd');
    const samlResponse = /name="SAMLResponse" value="([^"]{40})/.exec(posted.body)?.[1];
    expect(samlResponse, 'the login produced a SAMLResponse form').toBeDefined();
    expect(text).not.toContain(samlResponse);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requestLines = parsed.filter((l) => 'req' in l || 'res' in l);
    expect(requestLines.length).toBeGreaterThan(4);
    // Every line written while a request was handled carries its id, not only the access lines:
    // every line from the first request's line onwards (after boot and "Server listening") belongs to one.
    const firstRequest = parsed.findIndex((l) => 'req' in l);
    const duringRequests = parsed.slice(firstRequest);
    expect(duringRequests.length).toBeGreaterThan(requestLines.length);
    // Login event lines (docs/architecture.md "Login events") describe a login across its requests: they
    // carry the flow id instead, and the request lines of that login carry the same flow id.
    const flowIdsOfRequests = new Set(duringRequests.filter((l) => 'reqId' in l).map((l) => l.flowId));
    for (const l of duringRequests) {
      if ('event' in l && !('reqId' in l))
        expect(flowIdsOfRequests.has(l.flowId), JSON.stringify(l)).toBe(true);
      else expect(l.reqId, JSON.stringify(l)).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(duringRequests.some((l) => 'event' in l)).toBe(true);
  });

  it('hide login hints and Wilma user ids, keep error codes, and name the client address', async () => {
    lines.length = 0;
    const hint = 'hint-person-0042';
    await fetch(`${t.baseUrl}/idp/profile/oidc/authorize?client_id=nobody&login_hint=${hint}&state=s1`);
    await fetch(`${t.baseUrl}/upstream/wilma/no-such-flow/callback?nonce=n1&userid=wilma-user-0042&h=ab`);
    // Refused requests: their error codes are logged in full.
    await fetch(`${t.baseUrl}/idp/profile/SAML2/Redirect/SSO`);
    const text = lines.join('\n');
    expect(text).toContain('login_hint=[redacted]');
    expect(text).not.toContain(hint);
    expect(text).not.toContain('wilma-user-0042');
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const codes = parsed
      .filter((l) => l.msg === 'request failed')
      .map((l) => (l.err as { code?: string } | undefined)?.code);
    expect(codes).toContain('PASSI_REQUEST_INVALID');
    // One line per request, written when it is answered (one-line-per-request.ts).
    expect(parsed.filter((l) => l.msg === 'incoming request')).toEqual([]);
    const answered = parsed.filter((l) => l.msg === 'request completed');
    expect(answered.length).toBe(3);
    for (const l of answered) {
      expect((l.req as { remoteAddress?: string }).remoteAddress).toBe('127.0.0.1');
      expect(l.res).toEqual({ statusCode: expect.any(Number) });
      expect(l.responseTime).toEqual(expect.any(Number));
    }
  });

  it('cut secrets one level below any key of a line, on the server’s own logger and its children', () => {
    lines.length = 0;
    const err = Object.assign(new Error('token endpoint refused'), {
      code: 'PASSI_UPSTREAM_FAILED',
      clientSecret: 'client-secret-0042',
    });
    const child = t.app.server.log.child({ flowId: 'flow-0042' });
    child.warn(
      {
        err,
        upstream: { sharedSecret: 'shared-secret-0042', id: 'w1' },
        form: { password: 'password-0042' },
        query: { code: 'oauth-code-0042', state: 'st' },
      },
      'probe',
    );
    const text = lines.join('\n');
    for (const secret of ['client-secret-0042', 'shared-secret-0042', 'password-0042', 'oauth-code-0042'])
      expect(text).not.toContain(secret);
    const line = JSON.parse(lines.find((l) => l.includes('"probe"')) ?? '{}') as Record<
      string,
      Record<string, unknown>
    >;
    expect(line.err).toMatchObject({
      type: 'Error',
      message: 'token endpoint refused',
      code: 'PASSI_UPSTREAM_FAILED',
      clientSecret: '[redacted]',
    });
    expect(line.upstream).toEqual({ sharedSecret: '[redacted]', id: 'w1' });
    expect(line.query).toEqual({ code: '[redacted]', state: 'st' });
    expect(line.flowId).toBe('flow-0042');
    expect(err.clientSecret).toBe('client-secret-0042');
  });

  // pino gives a child logger's bindings no formatter (redact-log-secrets.ts): they may hold ids only.
  it('bind ids only in child loggers, as nothing would cut a secret in their bindings', () => {
    const sources = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter(
      (f) => /\.tsx?$/.test(f) && !/\.test(-data)?\.tsx?$/.test(f),
    );
    const calls = sources.flatMap((f) =>
      [...readFileSync(join('src', f), 'utf8').matchAll(/\.child\(([^)]*)\)/g)].map((m) => `${f}: ${m[1]}`),
    );
    expect(calls.length).toBeGreaterThan(0);
    const idBinding = String.raw`(reqId|flowId)(: [\w.]+)?`;
    for (const call of calls) expect(call).toMatch(new RegExp(`: \\{ ${idBinding}(, ${idBinding})* \\}$`));
  });
});
