/**
 * Operators' metrics and daily login statistics (docs/operations.md "Metrics", "Daily login
 * statistics"): a completed and a cancelled login move the counters and the phase histogram scraped from
 * the management port, and leave two rows in login_daily; the public port has no /metrics.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginDailyRepository } from '../../src/ops/statistics/login-daily-repository.ts';
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import { flushWritesBehind } from '../support/flush-writes-behind.ts';
import { freePort } from '../support/free-port.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const SECOND_ID = '4000903';
const SECOND_FLOW = 'MittariTest';
const SERVICE = 'attribute-test-saml';
const REGISTRY = `
integrations:
  - id: "${SECOND_ID}"
    organisationOid: 1.2.246.562.99.00000000001
    type: test-directory
    flowName: ${SECOND_FLOW}
    deploymentPhase: test
    settings: { kind: test-directory }
    discovery:
      displayName: { fi: Mittaritestikoulut, sv: Mätartestskolor, en: Metrics test schools }
      showSchools: false
`;

/** The value of one sample line (`name{labels} value`), or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const wanted = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (wanted) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('metrics on the management port and daily statistics', () => {
  let t: TestApp;
  let metricsUrl: string;
  beforeAll(async () => {
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    t = await createTestApp({ registry: REGISTRY, config: { metricsPort } });
  });
  afterAll(() => t?.close());

  const scrape = async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };
  /** Subscribers run after the answer: wait until the scrape shows what the test expects. */
  const eventually = async (check: (text: string) => boolean): Promise<string> => {
    let text = '';
    for (let i = 0; i < 50; i++) {
      text = await scrape();
      if (check(text)) return text;
      await new Promise((r) => setTimeout(r, 100));
    }
    return text;
  };

  const toLoginPage = async (browser: BrowserlessClient) => {
    const discovery = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en`);
    expect(new URL(discovery.url).pathname).toBe('/discovery');
    const loginPage = await browser.postFollow(`${t.baseUrl}/discovery/choose`, {
      choice: `${SECOND_ID}~`,
      lang: 'en',
      form_token: parseForms(discovery.body).find((f) => f.fields.form_token)?.fields.form_token ?? '',
    });
    expect(new URL(loginPage.url).pathname).toBe(`/upstream/test-directory/${SECOND_FLOW}/login`);
    return loginPage;
  };

  it('the public port has no /metrics', async () => {
    const response = await fetch(`${t.baseUrl}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('passi_logins_total');
  });

  it('a completed and a cancelled login move the counters and the histogram, and count in login_daily', async () => {
    const before = await scrape();
    expect(sample(before, 'passi_logins_total', { outcome: 'completed', service: SERVICE })).toBeUndefined();
    // Node's default metrics are there (event loop lag, memory).
    expect(sample(before, 'nodejs_eventloop_lag_seconds')).toEqual(expect.any(Number));
    expect(sample(before, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // Passi's own certificates are about a year from expiry.
    expect(
      sample(before, 'passi_certificate_days_to_expiry', { use: 'saml-sig', state: 'active' }),
    ).toBeGreaterThan(30);

    const completed = new BrowserlessClient();
    const answered = await completed.submitForm(await toLoginPage(completed), {
      username: 'demo_u0001',
      password: 'demo_u0001pwd',
    });
    const result = await completed.submitForm(answered);
    expect(new URL(result.url).pathname).toBe('/test-service/saml/acs');
    expect(result.body).not.toContain('The login failed');

    const cancelled = new BrowserlessClient();
    const cancelAnswer = await cancelled.submitForm(await toLoginPage(cancelled), {}, 1);
    expect((await cancelled.submitForm(cancelAnswer)).body).toContain('The login failed');

    const text = await eventually(
      (s) => sample(s, 'passi_logins_total', { outcome: 'failed', code: 'PASSI_UPSTREAM_CANCELLED' }) === 1,
    );
    expect(sample(text, 'passi_logins_total', { outcome: 'completed', code: 'none', service: SERVICE })).toBe(
      1,
    );
    expect(
      sample(text, 'passi_logins_total', {
        outcome: 'failed',
        code: 'PASSI_UPSTREAM_CANCELLED',
        service: SERVICE,
      }),
    ).toBe(1);
    expect(
      sample(text, 'passi_integration_logins_total', { outcome: 'completed', integration: SECOND_ID }),
    ).toBe(1);
    expect(
      sample(text, 'passi_upstream_errors_total', {
        code: 'PASSI_UPSTREAM_CANCELLED',
        integration: SECOND_ID,
        stage: 'answered',
      }),
    ).toBe(1);
    // Both logins reached the school; only the completed one went on to the school's answer and the service.
    expect(sample(text, 'passi_login_phase_seconds_count', { phase: 'to_school' })).toBe(2);
    expect(sample(text, 'passi_login_phase_seconds_count', { phase: 'at_school' })).toBe(1);
    expect(sample(text, 'passi_login_phase_seconds_count', { phase: 'to_service' })).toBe(1);
    // On the embedded store both logins' AuthnRequest IDs (the test service's) are held in memory as ids
    // written behind to the store; the completed login's school answer left none (the test directory).
    expect(sample(text, 'passi_memory_state_entries', { kind: 'replay_stored' })).toBe(2);
    // The rows written behind the logins are counted until they reach the store.
    expect(sample(text, 'passi_memory_state_entries', { kind: 'login_rows_waiting' })).toBeDefined();
    expect(sample(text, 'passi_memory_state_entries', { kind: 'oidc_rows_waiting' })).toBe(0);
    await flushWritesBehind(t.services.writesBehind);
    expect(sample(await scrape(), 'passi_memory_state_entries', { kind: 'login_rows_waiting' })).toBe(0);

    const day = new Date().toISOString().slice(0, 10);
    const daily = createLoginDailyRepository(t.services.db);
    let rows = await daily.days(day, day);
    for (let i = 0; i < 50 && rows.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await daily.days(day, day);
    }
    // The failed login is counted without school and role; the completed one under its pupil's school.
    const key = { day, serviceId: SERVICE, integrationId: SECOND_ID };
    expect(rows).toEqual([
      { ...key, school: '', role: '', outcome: 'failed:cancelled', count: 1 },
      { ...key, school: '30076', role: 'pupil', outcome: 'completed', count: 1 },
    ]);
  });

  it("an answer refused at a school's return address counts as an upstream error, stage refused", async () => {
    // No flow cookie: the return belongs to no login of this browser.
    const response = await fetch(`${t.baseUrl}/upstream/test-directory/${SECOND_FLOW}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=demo_u0001&password=demo_u0001pwd',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    const text = await eventually(
      (s) => (sample(s, 'passi_upstream_errors_total', { stage: 'refused' }) ?? 0) > 0,
    );
    expect(text).toMatch(
      new RegExp(
        `passi_upstream_errors_total\\{code="PASSI_[A-Z_]+",integration="${SECOND_ID}",stage="refused"\\} 1`,
      ),
    );
  });

  it('an unknown path on the management port is 404', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/healthz'))).status).toBe(404);
  });

  it('the dashboard and operations.md name only metrics Passi serves', async () => {
    const served = new Set([...(await scrape()).matchAll(/^# HELP (\w+) /gm)].map((m) => m[1]));
    for (const doc of ['../../docs/ops/passi-dashboard.json', '../../docs/operations.md']) {
      const whole = readFileSync(new URL(doc, import.meta.url), 'utf8');
      // In operations.md, the "Metrics" section (other sections name cookies and tables).
      const text = doc.endsWith('.md') ? (whole.split('\n## Metrics\n')[1]?.split('\n## ')[0] ?? '') : whole;
      const named = new Set(
        [...text.matchAll(/\bpassi_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, '')),
      );
      expect(named.size, doc).toBeGreaterThan(5);
      for (const name of named) expect(served, `${doc}: ${name}`).toContain(name);
    }
  });
});
