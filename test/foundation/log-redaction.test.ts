import { Writable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** Issue 2 §2: every log line carries the request id; SAML messages, passwords and tokens never appear. */
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

  it('redact SAML messages and passwords and carry a request id on every request line', async () => {
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
    const samlResponse = /name="SAMLResponse" value="([^"]{40})/.exec(posted.body)?.[1] ?? 'missing';
    expect(text).not.toContain(samlResponse);
    const requestLines = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => 'req' in l || 'res' in l);
    expect(requestLines.length).toBeGreaterThan(4);
    for (const l of requestLines) expect(l.reqId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
