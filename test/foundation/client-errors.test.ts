import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/i18n/messages.ts';
import { captureLog } from '../support/log-capture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Requests refused by Node's HTTP parser, before Fastify (oversized requests get a
 * clear page and an error id that is also in the log). A Redirect-binding AuthnRequest is carried in the
 * URL, so an oversized one ends here.
 */
describe('requests the HTTP parser refuses', () => {
  let t: TestApp;
  const { stream: logStream, lines } = captureLog();
  beforeAll(async () => {
    t = await createTestApp({ logStream });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an oversized SAML Redirect URL → 431, an error page with an error id that is in the log', async () => {
    const url = `${t.baseUrl}/idp/profile/SAML2/Redirect/SSO?SAMLRequest=${'A'.repeat(20_000)}`;
    const response = await fetch(url);
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-passi-error-code')).toBe('PASSI_REQUEST_TOO_LARGE');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const page = await response.text();
    expect(page).toContain(messages('fi')['error.request']);
    const errorId = /class="error-id">([0-9a-f-]{36})</.exec(page)?.[1];
    expect(errorId).toBeDefined();
    await expect
      .poll(() =>
        lines.some((l) => l.includes(`"errorId":"${errorId}"`) && l.includes('HPE_HEADER_OVERFLOW')),
      )
      .toBe(true);
    // The server is still serving.
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });
});
