import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { captureLog } from '../support/log-capture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Behind a proxy the client address comes from `X-Forwarded-For`, which the client can prefill. Passi
 * trusts only the configured hops (a count, or the proxies' addresses) and takes the address the last
 * trusted proxy saw, so a prefilled header moves neither the rate-limit key nor the logged address
 * (operations.md "Behind a reverse proxy"). The test client plays the proxy on 127.0.0.1: it appends the
 * real client's address as a proxy does.
 */
const REAL_CLIENT = '198.51.100.77';

/** What a proxy forwards when the client sent `X-Forwarded-For: <spoofed>`. */
const forwarded = (spoofed: string) => `${spoofed}, ${REAL_CLIENT}`;

describe.each([
  ['a hop count', '1'],
  ['the proxy addresses', '127.0.0.0/8, ::1/128'],
])('trusting %s', (_name, trustProxy) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { trustProxy, rateLimitSearchPerMinute: 2, rateLimitSyncMs: 60_000 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a spoofed X-Forwarded-For does not change the rate-limit key', async () => {
    const statuses: number[] = [];
    for (const spoofed of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) {
      const response = await fetch(`${t.baseUrl}/discovery/results?q=a`, {
        headers: { 'x-forwarded-for': forwarded(spoofed) },
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 2)).not.toContain(429);
    expect(statuses.slice(2)).toEqual([429, 429]);
    // Another client behind the same proxy has its own budget: the key is the client, not the proxy.
    const other = await fetch(`${t.baseUrl}/discovery/results?q=a`, {
      headers: { 'x-forwarded-for': '203.0.113.1, 198.51.100.78' },
    });
    expect(other.status).not.toBe(429);
  });
});

describe('PASSI_TRUST_PROXY values', () => {
  const production = { mode: 'production', publicUrl: 'https://passi.example.fi', secretKey: 'a'.repeat(43) };

  it('reads a hop count, a list of addresses and networks, and false', () => {
    expect(loadConfig({ env: { PASSI_TRUST_PROXY: '2' } }).trustProxy).toBe(2);
    expect(loadConfig({ env: { PASSI_TRUST_PROXY: '10.0.0.0/8, 192.0.2.10,::1' } }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.0.2.10',
      '::1',
    ]);
    expect(loadConfig({ env: {} }).trustProxy).toBe(false);
    expect(loadConfig({ env: { PASSI_TRUST_PROXY: 'false' } }).trustProxy).toBe(false);
  });

  it('refuses a value that is neither a count nor addresses', () => {
    for (const bad of ['yes', '0', '-1', '10.0.0.0/99', '10.0.0', 'proxy.example.fi'])
      expect(() => loadConfig({ env: { PASSI_TRUST_PROXY: bad } }), bad).toThrow(/PASSI_TRUST_PROXY/);
  });

  it('warns at boot when plain true is used outside production', async () => {
    const { stream, lines } = captureLog();
    const t = await createTestApp({ config: { trustProxy: 'true' }, logStream: stream });
    await t.close();
    expect(lines.some((l) => l.includes('"level":40') && l.includes('PASSI_TRUST_PROXY=true'))).toBe(true);
  });

  it('refuses plain true in production with a message that says what to set instead', () => {
    expect(() => loadConfig({ env: {}, overrides: { ...production, trustProxy: 'true' } })).toThrow(
      /PASSI_TRUST_PROXY[\s\S]*hop count|hop count[\s\S]*PASSI_TRUST_PROXY/,
    );
    expect(loadConfig({ env: {}, overrides: { ...production, trustProxy: '1' } }).trustProxy).toBe(1);
  });
});
