/**
 * The public attribute test service never shows internal error text (XML parser, database): a plain
 * message in the page's language and the error id, which the log holds with the real cause.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient, type BrowserResponse } from '../support/browserless-client.ts';
import { captureLog } from '../support/log-capture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const PLAIN = {
  fi: 'Passin vastausta ei voitu hyväksyä',
  sv: 'Svaret från Passi kunde inte godkännas',
  en: 'The answer from Passi could not be accepted',
} as const;

function errorIdOf(page: BrowserResponse): string {
  return /class="error-id">([^<]+)</.exec(page.body)?.[1] ?? '';
}

describe('attribute test service: failures without internal error text', () => {
  let t: TestApp;
  const log = captureLog();
  beforeAll(async () => {
    t = await createTestApp({ logStream: log.stream });
  });
  afterAll(() => t?.close());

  it.each(Object.entries(PLAIN))(
    '%s: a response that is not XML shows a plain message',
    async (lang, text) => {
      const browser = new BrowserlessClient();
      await browser.get(`${t.baseUrl}/test-service/saml/login?lang=${lang}`);
      const page = await browser.post(`${t.baseUrl}/test-service/saml/acs?lang=${lang}`, {
        SAMLResponse: Buffer.from('<<not xml', 'utf8').toString('base64'),
      });
      expect(page.status).toBe(400);
      expect(page.body).toContain(text);
      expect(page.body).not.toMatch(/xmldom|parse|tag|line:|col:/i);
      const errorId = errorIdOf(page);
      expect(errorId).not.toBe('');
      expect(log.lines.some((l) => l.includes(errorId))).toBe(true);
    },
  );

  it('OIDC: a failed code exchange shows a plain message, not the library’s', async () => {
    const browser = new BrowserlessClient();
    const start = await browser.get(`${t.baseUrl}/test-service/oidc/login?lang=en`);
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const page = await browser.getFollow(
      `${t.baseUrl}/test-service/oidc/callback?code=made-up&state=${encodeURIComponent(state)}`,
    );
    expect(page.status).toBe(400);
    expect(page.body).toContain(PLAIN.en);
    expect(page.body).not.toMatch(/invalid_grant|grant request is invalid/i);
    expect(errorIdOf(page)).not.toBe('');
  });

  it('a database failure while checking the response shows a plain message, not the SQL error', async () => {
    const browser = new BrowserlessClient();
    await browser.get(`${t.baseUrl}/test-service/saml/login?lang=en`);
    // The replay table holds the test service's request ids; without it every lookup fails in PostgreSQL.
    await sql`ALTER TABLE replay RENAME TO replay_gone`.execute(t.services.db);
    try {
      const page = await browser.post(`${t.baseUrl}/test-service/saml/acs`, {
        SAMLResponse: Buffer.from(
          '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" InResponseTo="_x"/>',
          'utf8',
        ).toString('base64'),
      });
      expect(page.status).toBe(503);
      expect(page.body).not.toMatch(/relation|replay|does not exist/i);
      expect(errorIdOf(page)).not.toBe('');
    } finally {
      await sql`ALTER TABLE replay_gone RENAME TO replay`.execute(t.services.db);
    }
  });
});
