/**
 * A login's events (docs/architecture.md "Login events") in the log: one line per event, in order, all
 * with the login's flow id, and the flow id on every other line of the requests that carried the login
 * (docs/operations.md "Logs"). Event lines carry no personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTestAccount } from '../../src/upstream/test-directory/accounts.ts';
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import { captureLog } from '../support/log-capture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** A second test-directory integration, so the attribute test service is sent to the discovery page. */
const SECOND_ID = '4000902';
const SECOND_FLOW = 'TapahtumaTest';
const REGISTRY = `
integrations:
  - id: "${SECOND_ID}"
    organisationOid: 1.2.246.562.99.00000000001
    type: test-directory
    flowName: ${SECOND_FLOW}
    deploymentPhase: test
    settings: { kind: test-directory }
    discovery:
      displayName: { fi: Tapahtumatestikoulut, sv: Händelsetestskolor, en: Event test schools }
      showSchools: false
`;

type Line = Record<string, unknown>;
const log = captureLog();
const parse = (from: number): Line[] => log.lines.slice(from).map((l) => JSON.parse(l) as Line);
const eventLines = (lines: Line[]) => lines.filter((l) => typeof l.event === 'string');

describe('login events in the log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ logStream: log.stream, registry: REGISTRY });
  });
  afterAll(() => t?.close());

  /** The attribute test service's SAML login through discovery, up to the test directory's login page. */
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

  it('a login: started, discovery, upstream started and verified, completed — one flow id throughout', async () => {
    const before = log.lines.length;
    const browser = new BrowserlessClient();
    const loginPage = await toLoginPage(browser);
    const answered = await browser.submitForm(loginPage, {
      username: 'demo_u0001',
      password: 'demo_u0001pwd',
    });
    const result = await browser.submitForm(answered);
    expect(new URL(result.url).pathname).toBe('/test-service/saml/acs');
    expect(result.body).not.toContain('The login failed');

    const lines = parse(before);
    const events = eventLines(lines);
    expect(events.map((e) => e.event)).toEqual([
      'login.started',
      'discovery.shown',
      'upstream.started',
      'upstream.verified',
      'login.completed',
    ]);
    const flowId = events[0]?.flowId;
    expect(flowId).toEqual(expect.any(String));
    for (const e of events) expect(e.flowId).toBe(flowId);
    expect(events[0]).toMatchObject({ level: 30, service: 'attribute-test-saml', face: 'saml' });
    expect(events[1]).toMatchObject({ candidates: expect.any(Number) });
    expect(events[2]).toMatchObject({
      integration: SECOND_ID,
      integrationType: 'test-directory',
      flowName: SECOND_FLOW,
      chosenBy: 'discovery',
    });
    expect(events[3]).toMatchObject({ integration: SECOND_ID, integrationType: 'test-directory' });
    expect(events[4]).toMatchObject({
      service: 'attribute-test-saml',
      integration: SECOND_ID,
      sessionReused: false,
    });

    // Every line of the requests that carried the flow (discovery, the school's pages, the return to
    // the service) has its flow id, Fastify's own response lines included.
    const urlOf = new Map<unknown, string>();
    for (const l of lines) {
      const req = l.req as { url?: string } | undefined;
      if (l.msg === 'request completed' && req?.url) urlOf.set(l.reqId, req.url);
    }
    const flowRequests = [...urlOf].filter(([, url]) => /^\/(discovery|upstream)\//.test(url));
    expect(flowRequests.length).toBeGreaterThanOrEqual(3);
    for (const [reqId, url] of flowRequests) {
      const ofRequest = lines.filter((l) => l.reqId === reqId);
      expect(ofRequest.length, url).toBeGreaterThan(0);
      for (const l of ofRequest) expect(l.flowId, `${url}: ${String(l.msg)}`).toBe(flowId);
    }

    // No personal data: none of the test person's attribute values or username in any event line.
    const personal = Object.values(findTestAccount('demo_u0001') ?? {})
      .flat()
      .filter((v) => v.length >= 4);
    expect(personal).toContain('Testi1');
    const text = events.map((e) => JSON.stringify(e)).join('\n');
    for (const value of [...personal, 'demo_u0001']) expect(text).not.toContain(value);

    // The same browser again: its SSO session answers, without the school.
    const mark = log.lines.length;
    const again = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en`);
    await browser.submitForm(again);
    const reused = eventLines(parse(mark));
    expect(reused.map((e) => e.event)).toEqual(['login.started', 'login.completed']);
    expect(reused[1]).toMatchObject({ sessionReused: true, integration: SECOND_ID });
    expect(reused[1]?.flowId).toBe(reused[0]?.flowId);
    expect(reused[0]?.flowId).not.toBe(flowId);
  });

  it('a cancelled login: login.failed with the code and the error id the service shows', async () => {
    const before = log.lines.length;
    const browser = new BrowserlessClient();
    const loginPage = await toLoginPage(browser);
    // The second form on the school's page is "cancel".
    const answered = await browser.submitForm(loginPage, {}, 1);
    const result = await browser.submitForm(answered);
    expect(result.body).toContain('The login failed');
    const shownId = /\(error id ([0-9a-f-]{36})\)/.exec(result.body)?.[1];
    expect(shownId).toEqual(expect.any(String));

    const events = eventLines(parse(before));
    expect(events.map((e) => e.event)).toEqual([
      'login.started',
      'discovery.shown',
      'upstream.started',
      'login.failed',
    ]);
    const failed = events[3] ?? {};
    expect(failed).toMatchObject({
      msg: 'login failed',
      reason: 'PASSI_UPSTREAM_CANCELLED',
      errorId: shownId,
      service: 'attribute-test-saml',
      integration: SECOND_ID,
      flowName: SECOND_FLOW,
      flowId: events[0]?.flowId,
    });
  });
});
