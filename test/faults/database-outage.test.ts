import type * as client from 'openid-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importRegistry } from '../../src/registry/import-registry.ts';
import { discoverClient } from '../oidc/oidc-test-kit.ts';
import { registryYaml } from '../saml-idp/support/sp-registry.ts';
import { describeOnPostgres } from '../support/describe-each-store.ts';
import { type FaultDeployment, startFaultDeployment } from './support/fault-deployment.ts';
import { type LoginOutcome, loginAttempt } from './support/login-attempt.ts';
import { samlLoginAttempt } from './support/saml-login-attempt.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The database goes away under login load (docs/operations.md "When the database is unavailable"): two
 * Passi processes behind a balancer lose their PostgreSQL connections. No process may exit; a login that
 * fails gets a 503 page, an OAuth error or a SAML error Response for the service, never a 500 "unexpected
 * error"; the nodes recover by themselves. Logins alternate between the OIDC and the SAML face.
 */
const SAML_SP = 'outage-sp';
describeOnPostgres('database outage under login load (two node processes)', () => {
  let d: FaultDeployment;
  let config: client.Configuration;

  beforeAll(async () => {
    d = await startFaultDeployment(2, {
      PASSI_DATABASE_STATEMENT_TIMEOUT_MS: '1000',
      PASSI_DATABASE_CONNECT_TIMEOUT_MS: '1000',
    });
    config = await discoverClient(d.publicUrl, 'basic');
    // A SAML service, registered as an administrator would on another node (the nodes pick it up).
    await importRegistry(d.repo, registryYaml([{ id: SAML_SP }]), {
      publicUrl: d.publicUrl,
      now: new Date(),
      actor: 'test',
    });
  }, 240_000);
  afterAll(async () => {
    await d?.close();
  });

  type Face = 'oidc' | 'saml';
  const attempt = (face: Face) =>
    face === 'oidc' ? loginAttempt(d.publicUrl, config) : samlLoginAttempt(d.publicUrl, SAML_SP);

  /**
   * Runs logins on `workers` parallel browsers, each alternating between the OIDC and the SAML face, until
   * `until()` resolves; returns every outcome with its face.
   */
  async function loginsDuring(
    until: Promise<unknown>,
    workers = 3,
  ): Promise<(LoginOutcome & { face: Face })[]> {
    const outcomes: (LoginOutcome & { face: Face })[] = [];
    let done = false;
    void until.finally(() => {
      done = true;
    });
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        for (let i = w; !done; i++) {
          const face: Face = i % 2 === 0 ? 'oidc' : 'saml';
          outcomes.push({ ...(await attempt(face)), face });
        }
      }),
    );
    return outcomes;
  }

  /** Milliseconds until a login at `face` succeeds again (fails the test after `limitMs`). */
  async function timeToFirstLogin(limitMs: number, face: Face = 'oidc'): Promise<number> {
    const start = Date.now();
    for (;;) {
      const outcome = await attempt(face);
      if (outcome.kind === 'ok') return Date.now() - start;
      expect(outcome.kind, JSON.stringify(outcome)).toBe('unavailable');
      if (Date.now() - start > limitMs) throw new Error(`no successful login within ${limitMs} ms`);
      await sleep(200);
    }
  }

  function expectAlive() {
    for (const node of d.nodes) expect(node.exited(), node.output()).toBeUndefined();
  }

  it('logins succeed before any fault', async () => {
    expect(await loginAttempt(d.publicUrl, config)).toEqual({ kind: 'ok' });
    // Every node has the SAML service once its registry change notification arrived.
    await expect
      .poll(async () => (await samlLoginAttempt(d.publicUrl, SAML_SP)).kind, { timeout: 10_000 })
      .toBe('ok');
    for (let i = 0; i < d.nodes.length; i++)
      expect(await samlLoginAttempt(d.publicUrl, SAML_SP)).toEqual({ kind: 'ok' });
  });

  it('terminated connections (pg_terminate_backend, repeatedly): no node exits, no 500, logins recover', async () => {
    let terminated = 0;
    const killer = (async () => {
      for (let i = 0; i < 16; i++) {
        terminated += await d.terminateConnections();
        await sleep(250);
      }
    })();
    const outcomes = await loginsDuring(killer);
    await sleep(500);
    expectAlive();
    expect(terminated).toBeGreaterThan(0);
    const wrong = outcomes.filter((o) => o.kind === 'wrong');
    expect(wrong, JSON.stringify(wrong.slice(0, 3))).toEqual([]);
    expect(outcomes.filter((o) => o.face === 'saml').length).toBeGreaterThan(0);
    expect(await timeToFirstLogin(5000)).toBeLessThan(5000);
    expect(await timeToFirstLogin(5000, 'saml')).toBeLessThan(5000);
    expectAlive();
  }, 120_000);

  it('database unreachable for 3 s (connections reset, new ones refused): /readyz says so within 2 s, then every node recovers', async () => {
    d.proxy.down();
    const downAt = Date.now();
    const readiness = await Promise.all(
      d.nodes.map(async (n) => {
        const r = await fetch(`${n.url}/readyz`, { signal: AbortSignal.timeout(5000) });
        return { status: r.status, ms: Date.now() - downAt };
      }),
    );
    for (const r of readiness) {
      expect(r.status).toBe(503);
      expect(r.ms).toBeLessThan(2000);
    }
    const outcomes = await loginsDuring(sleep(Math.max(0, 3000 - (Date.now() - downAt))));
    expect(outcomes.filter((o) => o.kind === 'ok')).toEqual([]);
    const wrong = outcomes.filter((o) => o.kind === 'wrong');
    expect(wrong, JSON.stringify(wrong.slice(0, 3))).toEqual([]);
    d.proxy.up();
    expect(await timeToFirstLogin(5000)).toBeLessThan(5000);
    expect(await timeToFirstLogin(5000, 'saml')).toBeLessThan(5000);
    for (const n of d.nodes) expect((await fetch(`${n.url}/readyz`)).status).toBe(200);
    expectAlive();
  }, 120_000);

  it('a stalled database (connections open, nothing answers): /readyz answers 503 within 2 s', async () => {
    // Every connection is stalled, including the pool's: a firewall that forgot them all.
    d.proxy.stallAll();
    for (const n of d.nodes) {
      const start = Date.now();
      const r = await fetch(`${n.url}/readyz`, { signal: AbortSignal.timeout(10_000) }).catch(
        () => undefined,
      );
      expect(r?.status).toBe(503);
      expect(Date.now() - start).toBeLessThan(2000);
    }
    // A login does not hang: its query times out (statement timeout + 1 s, or the connect timeout).
    const loginStart = Date.now();
    const stalled = await loginAttempt(d.publicUrl, config);
    expect(stalled.kind, JSON.stringify(stalled)).toBe('unavailable');
    expect(Date.now() - loginStart).toBeLessThan(5000);
    d.proxy.down();
    d.proxy.up();
    expect(await timeToFirstLogin(15_000)).toBeLessThan(15_000);
    expectAlive();
  }, 120_000);

  it('a node started while the database is down is ready within about 2 s of the database coming back', async () => {
    d.proxy.down();
    const node = await d.spawnNode();
    // The HTTP server is up before the store: /readyz says "not ready" while the node retries.
    await expect
      .poll(
        () =>
          fetch(`${node.url}/readyz`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 60_000, interval: 200 },
      )
      .toBe(503);
    // Long enough for a doubling backoff to wait many seconds between attempts (1, 2, 4, 8 s…).
    await sleep(8500);
    expect(node.exited(), node.output()).toBeUndefined();
    d.proxy.up();
    const upAt = Date.now();
    await node.waitReady(30_000);
    expect(Date.now() - upAt).toBeLessThan(5000);
  }, 120_000);
});
