import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnPostgres } from '../support/describe-each-store.ts';
import { captureLog } from '../support/log-capture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Rate limits (docs/operations.md "Rate limits") through a real Passi: each class has its own budget per
 * client address, the request over it gets 429 with Retry-After and a localised page with an error id
 * (JSON for service back ends and the admin API), and the counts are shared between nodes.
 */
const ADMIN_TOKEN = 'rate-limit-test-admin-token-0123456789abcdef';
const LIMITS = {
  trustProxy: 'true',
  adminToken: ADMIN_TOKEN,
  rateLimitSearchPerMinute: 3,
  rateLimitLoginPerMinute: 2,
  rateLimitTokenPerMinute: 2,
  rateLimitAdminPerMinute: 2,
  rateLimitReturnPerMinute: 2,
  // Tests sync by hand (services.rateCounters.sync()) so nothing depends on timing.
  rateLimitSyncMs: 60_000,
};

let client = 0;
/** A fresh client address per test (the server trusts X-Forwarded-For here). */
const newClient = () => `198.51.100.${++client}`;

function get(t: TestApp, path: string, from: string, headers: Record<string, string> = {}) {
  return fetch(`${t.baseUrl}${path}`, {
    headers: { 'x-forwarded-for': from, ...headers },
    redirect: 'manual',
  });
}

describe('rate limits', () => {
  let t: TestApp;
  const { stream: logStream, lines } = captureLog();
  beforeAll(async () => {
    t = await createTestApp({ config: LIMITS, logStream });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses the request over the search budget with 429, Retry-After and a Swedish page with an error id', async () => {
    const from = newClient();
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await get(t, '/discovery/results?q=a', from);
      expect(response.status).not.toBe(429);
      remaining.push(response.headers.get('x-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await get(t, '/discovery/results?q=a', from, { 'accept-language': 'sv' });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('x-passi-error-code')).toBe('PASSI_RATE_LIMITED');
    const page = await refused.text();
    expect(page).toContain('<html lang="sv"');
    expect(page).toContain('För många förfrågningar från ditt nätverk');
    const errorId = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(page)?.[1];
    expect(errorId).toBeDefined();
    expect(lines.some((l) => l.includes(`"errorId":"${errorId}"`) && l.includes('PASSI_RATE_LIMITED'))).toBe(
      true,
    );
  });

  it('counts every class and every client address on its own', async () => {
    const from = newClient();
    for (let i = 0; i < 4; i++) await get(t, '/discovery', from);
    expect((await get(t, '/discovery', from)).status).toBe(429);
    // Logins from the same address still have their own budget.
    expect((await get(t, '/idp/profile/SAML2/Redirect/SSO', from)).status).not.toBe(429);
    // Another address (another school) is not affected.
    expect((await get(t, '/discovery', newClient())).status).not.toBe(429);
  });

  it('limits login starts, school return addresses and the test directory password form', async () => {
    for (const path of [
      '/idp/profile/SAML2/Redirect/SSO',
      '/idp/profile/oidc/authorize',
      '/sp/MansikkalaTest/acs',
      '/upstream/test-directory/MansikkalaTest/login',
    ]) {
      const from = newClient();
      const method = path.startsWith('/sp/') ? 'POST' : 'GET';
      const send = () =>
        fetch(`${t.baseUrl}${path}`, { method, headers: { 'x-forwarded-for': from }, redirect: 'manual' });
      expect((await send()).status, path).not.toBe(429);
      expect((await send()).status, path).not.toBe(429);
      expect((await send()).status, path).toBe(429);
    }
  });

  it('answers service back ends (token endpoint) with JSON in the OAuth error shape', async () => {
    const from = newClient();
    const post = () =>
      fetch(`${t.baseUrl}/idp/profile/oidc/token`, {
        method: 'POST',
        headers: { 'x-forwarded-for': from, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=authorization_code&code=nope',
      });
    expect((await post()).status).not.toBe(429);
    expect((await post()).status).not.toBe(429);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/json');
    const body = (await refused.json()) as Record<string, string>;
    expect(body.error).toBe('rate_limited');
    expect(body.error_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers the admin API with its JSON error', async () => {
    const from = newClient();
    const call = () =>
      fetch(`${t.baseUrl}/admin/api/registry`, {
        headers: { 'x-forwarded-for': from, authorization: `Bearer ${ADMIN_TOKEN}` },
      });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const refused = await call();
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; errorId: string } };
    expect(body.error.code).toBe('PASSI_RATE_LIMITED');
  });

  it('leaves metadata, key sets, assets and health checks unlimited', async () => {
    const from = newClient();
    for (const path of ['/idp/shibboleth', '/idp/profile/oidc/keyset', '/assets/passi.css', '/healthz']) {
      for (let i = 0; i < 5; i++) {
        const response = await get(t, path, from);
        expect(response.status, path).toBe(200);
        expect(response.headers.get('x-ratelimit-limit'), path).toBeNull();
      }
    }
  });
});

describeOnPostgres('rate limits shared by two nodes on PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ store: 'postgresql', config: LIMITS });
    const url = a.config.databaseUrl;
    b = await createTestApp({ databaseUrl: url, secretKey: a.config.secretKey, config: LIMITS });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('refuses at one node what the client used up at another', async () => {
    const from = newClient();
    for (let i = 0; i < 3; i++) expect((await get(a, '/discovery', from)).status).not.toBe(429);
    await a.services.rateCounters.sync();
    // Node B has not seen this client yet: it judges the first request on its own counts (the documented
    // overshoot of at most one sync interval per node), then learns the shared total at its next sync.
    expect((await get(b, '/discovery', from)).status).not.toBe(429);
    await b.services.rateCounters.sync();
    const refused = await get(b, '/discovery', from);
    expect(refused.status).toBe(429);
    const row = await b.services.db
      .selectFrom('rate_limit')
      .select('count')
      .where('key', '=', `${from}|search`)
      .executeTakeFirstOrThrow();
    expect(row.count).toBe(4);
    // A client that did nothing at node A is still served at node B.
    expect((await get(b, '/discovery', newClient())).status).not.toBe(429);
  });
});
