import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123';

describe('HTTP server surfaces', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { adminToken: ADMIN_TOKEN } });
  });
  afterAll(() => t?.close());

  it('answers /healthz and /readyz with JSON', async () => {
    const health = await fetch(`${t.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { store: true, migrations: true, keys: true },
    });
  });

  it('shows a localised not-found page with an error id and security headers', async () => {
    const res = await fetch(`${t.baseUrl}/no-such-page?lang=sv`);
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).toContain('lang="sv"');
    expect(body).toContain('Sidan hittades inte.');
    expect(body).toMatch(/Felkod: <strong class="error-id">[0-9a-f-]{36}<\/strong>/);
  });

  it('sets a nonce-based CSP, no framing and no referrer on pages', async () => {
    const res = await fetch(`${t.baseUrl}/test-service/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src[^;]*'nonce-/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('refuses the admin API without the bearer token', async () => {
    const res = await fetch(`${t.baseUrl}/admin/api/registry`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; errorId: string } };
    expect(body.error.code).toBe('PASSI_ADMIN_UNAUTHORIZED');
    expect(body.error.errorId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exports the demo registry and rejects an invalid import with every error path', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const exported = await (await fetch(`${t.baseUrl}/admin/api/registry`, { headers: auth })).text();
    expect(exported).toContain('MansikkalaTest');
    const bad = 'services:\n  - id: x\n    protocol: saml\n';
    const res = await fetch(`${t.baseUrl}/admin/api/registry/import`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/yaml' },
      body: bad,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('PASSI_REGISTRY_INVALID');
    const paths = body.error.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['services[0].organisationOid', 'services[0].name', 'services[0].saml']),
    );
  });

  it('limits request bodies per surface', async () => {
    const res = await fetch(`${t.baseUrl}/idp/profile/SAML2/POST/SSO`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `SAMLRequest=${'A'.repeat(300 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('x-passi-error-code')).toBe('PASSI_REQUEST_TOO_LARGE');
    // Pages (forms people submit): 32 KiB. Under the limit the form reaches the route (which refuses a
    // choice without a login); over it, 413 before the route runs.
    const form = (size: number) =>
      fetch(`${t.baseUrl}/discovery/choose`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `choice=${'A'.repeat(size)}`,
      });
    const small = await form(30 * 1024);
    expect(small.status).not.toBe(413);
    const large = await form(40 * 1024);
    expect(large.status).toBe(413);
    expect(large.headers.get('x-passi-error-code')).toBe('PASSI_REQUEST_TOO_LARGE');
    // Admin API (registry documents): 2 MiB, JSON error.
    const admin = (size: number) =>
      fetch(`${t.baseUrl}/admin/api/registry/import?dryRun=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/yaml' },
        body: `# ${'x'.repeat(size)}\n`,
      });
    expect((await admin(1024 * 1024)).status).not.toBe(413);
    const tooLarge = await admin(2 * 1024 * 1024 + 10);
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { code: string } }).error.code).toBe(
      'PASSI_REQUEST_TOO_LARGE',
    );
  });
});

describe('an unreachable store at boot', () => {
  it('logs one clear line, keeps /healthz up and /readyz not ready', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({
      env: {},
      overrides: {
        databaseUrl: 'postgresql://postgres@127.0.0.1:9/unreachable',
        dataDir: mkdtempSync(join(tmpdir(), 'passi-')),
        secretKey: randomBytes(32).toString('base64'),
        logLevel: 'info',
      },
    });
    const app = await createApp(config, { retryStore: true, logStream });
    try {
      const health = await app.server.inject({ url: '/healthz' });
      expect(health.statusCode).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      const ready = await app.server.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        status: 'not-ready',
        checks: { store: false, migrations: false, keys: false },
      });
      const errors = lines.filter((l) => l.includes('"level":50'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(
        'PostgreSQL is not reachable at postgresql://postgres@127.0.0.1:9/unreachable',
      );
      expect(errors[0]).not.toContain('"stack"');
    } finally {
      await app.close();
    }
  });
});
