import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowState } from '../../src/core/flow/flow-state.ts';
import type { UpstreamIntegration } from '../../src/core/flow/ports.ts';
import { fixedClock } from '../../src/core/testing/fixed-clock.ts';
import { countRows } from '../../src/store/testing/count-rows.ts';
import { createWilmaConnector } from '../../src/upstream/wilma/wilma-connector.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { type FakeWilma, startFakeWilma } from '../support/fakes/fake-wilma.ts';
import { flushWritesBehind } from '../support/flush-writes-behind.ts';
import { captureLog } from '../support/log-capture.ts';
import { loginAtOidcService } from '../support/oidc-service-result.ts';
import { expectSchoolAnswerRefusedPage } from '../support/return-address-page.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const SECRET = 'wilma-shared-secret-for-tests-0123456789';
const P = '1.2.246.562.99.00000000001';
const S76 = '1.2.246.562.99.00000000002';

function registry(baseUrl: string): string {
  return `
integrations:
  - id: "4000101"
    organisationOid: ${P}
    type: wilma
    flowName: WilmaTest
    deploymentPhase: test
    settings:
      kind: wilma
      hostname: wilma.mansikkala.example
      baseUrl: ${baseUrl}
    secrets:
      sharedSecret: ${SECRET}
    discovery:
      displayName: { fi: Mansikkalan Wilma }
`;
}

/** wilmav2 (ECA UserDTO) shape: roles per school plus the attribute list (docs/integrations/wilma.md). */
const STUDENT = {
  username: 'MPASSOID.abc123',
  first_name: 'Wilma',
  last_name: 'Oppilas',
  nickname: 'Wilppu',
  roles: [{ school: '30076', role: 'student', group: '9F', groupLevel: 9, learningMaterialsCharge: 1 }],
  attributes: [{ name: 'learnerId', value: '1.2.246.562.98.20000000001' }],
};

/** Every log line of the test app, at debug level (secrets are never logged: docs/operations.md "Logs"). */
const log = captureLog();
describe('Wilma connector end to end (SAML and OIDC services → Passi → fake Wilma → Passi → service)', () => {
  let t: TestApp;
  let wilma: FakeWilma;
  beforeAll(async () => {
    wilma = await startFakeWilma(SECRET);
    wilma.users.set('student-1', STUDENT);
    // Legacy array shape with a second school and a teacher role.
    wilma.users.set('teacher-2', [
      {
        first_name: 'Ville',
        last_name: 'Opettaja',
        roles: [
          { school: '30076', role: 'teacher', group: '' },
          { school: '99977', role: 'teacher' },
        ],
        attributes: [{ name: 'learnerId', value: '1.2.246.562.98.20000000002' }],
      },
    ]);
    t = await createTestApp({
      registry: registry(wilma.baseUrl),
      logStream: log.stream,
      config: { logLevel: 'debug' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await wilma?.close();
  });

  const startAtWilma = async (browser: BrowserlessClient) => {
    const first = await browser.get(`${t.baseUrl}/test-service/saml/login?flow=WilmaTest&lang=en`);
    const toPassi = await browser.get(new URL(first.headers.get('location') ?? '', first.url).toString());
    const location = toPassi.headers.get('location') ?? '';
    expect(location.startsWith(`${wilma.baseUrl}/mpass?redirectto=`)).toBe(true);
    return location;
  };

  it('logs a student in; the service receives the data-model attributes', async () => {
    wilma.loginAs = 'student-1';
    const browser = new BrowserlessClient();
    const posted = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?flow=WilmaTest&lang=en`);
    expect(posted.body).toContain('SAMLResponse');
    const result = await browser.submitForm(posted);
    expect(result.status).toBe(200);
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
    expect(result.body).toContain(`${P};30076;9F;Oppilas;1;${S76};`);
    expect(result.body).toContain('1.2.246.562.98.20000000001');
    expect(result.body).toContain('urn:mpass.id:authnsource:WilmaTest');
    expect(result.body).toContain('Wilppu');
    expect(wilma.seen.logins.at(-1)).toMatchObject({ forceauth: false, signatureOk: true });
    expect(wilma.seen.fetches.at(-1)).toEqual({ username: 'student-1', signatureOk: true });
  });

  it('logs a student in; an OIDC service (openid-client) receives the data-model claims', async () => {
    wilma.loginAs = 'student-1';
    const claims = await loginAtOidcService(t.baseUrl, 'WilmaTest');
    expect(claims['urn:mpass.id:schoolInfo']).toContain('30076;Mansikkalan testi peruskoulu');
    expect(claims['urn:mpass.id:role']).toContain(`${P};30076;9F;Oppilas;1;${S76};`);
    expect(claims['urn:oid:1.3.6.1.4.1.16161.1.1.27']).toEqual(['1.2.246.562.98.20000000001']);
    expect(claims.given_name).toEqual(['Wilma']);
    expect(wilma.seen.fetches.at(-1)).toEqual({ username: 'student-1', signatureOk: true });
  });

  it('a teacher in two schools (legacy array shape) gets a role per school', async () => {
    wilma.loginAs = 'teacher-2';
    const browser = new BrowserlessClient();
    const result = await browser.submitForm(
      await browser.getFollow(`${t.baseUrl}/test-service/saml/login?flow=WilmaTest&lang=en`),
    );
    expect(result.body).toContain(`${P};30076;;Opettaja;`);
    expect(result.body).toMatch(/99977;;Opettaja;/);
  });

  it('refuses an answer with a bad HMAC (error page, flow stays usable)', async () => {
    wilma.loginAs = 'student-1';
    const browser = new BrowserlessClient();
    const atWilma = await startAtWilma(browser);
    const back = (await browser.get(atWilma)).headers.get('location') ?? '';
    // Written behind the logins on the embedded store: counted once written.
    await flushWritesBehind(t.services.writesBehind);
    const sessionsBefore = await countRows(t.services.db, 'session');
    const tampered = back.replace(/userid=[^&]+/, 'userid=teacher-2');
    const refused = await browser.get(tampered);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-passi-error-code')).toBe('PASSI_UPSTREAM_ANSWER_INVALID');
    expectSchoolAnswerRefusedPage(refused.body);
    // The refusal's log line (the page's error id) says which login, service and integration it hit.
    const line = log.lines
      .map((l) => JSON.parse(l) as { msg?: string; code?: string; err?: { detail?: unknown } })
      .findLast((l) => l.msg === 'request failed' && l.code === 'PASSI_UPSTREAM_ANSWER_INVALID');
    expect(line?.err?.detail).toMatchObject({
      flowId: expect.any(String),
      service: 'attribute-test-saml',
      integration: expect.any(String),
      flowName: expect.any(String),
    });
    const badH = await browser.get(
      back.replace(/&h=([0-9a-f])/, (_m, c: string) => `&h=${c === '0' ? '1' : '0'}`),
    );
    expect(badH.headers.get('x-passi-error-code')).toBe('PASSI_UPSTREAM_ANSWER_INVALID');
    // Something unsigned after h is refused too.
    const extra = await browser.get(`${back}&userid=teacher-2`);
    expect(extra.headers.get('x-passi-error-code')).toBe('PASSI_UPSTREAM_ANSWER_INVALID');
    // Nothing half-written by the refusals: no SSO session yet.
    await flushWritesBehind(t.services.writesBehind);
    expect(await countRows(t.services.db, 'session')).toBe(sessionsBefore);
    // The genuine answer still completes the login.
    const ok = await browser.follow(await browser.get(back));
    expect(ok.body).toContain('SAMLResponse');
  });

  it("refuses another login's (stale) nonce and a replayed answer", async () => {
    wilma.loginAs = 'student-1';
    const browser = new BrowserlessClient();
    const first = (await browser.get(await startAtWilma(browser))).headers.get('location') ?? '';
    expect((await browser.follow(await browser.get(first))).body).toContain('SAMLResponse');
    // Replayed after success: the flow was consumed.
    const replayed = await browser.get(first);
    expect(replayed.status).toBe(400);
    expect(replayed.headers.get('x-passi-error-code')).toBe('PASSI_FLOW_MISSING');
    // A new login (another browser, no SSO session): the old, validly signed answer has a stale nonce.
    const other = new BrowserlessClient();
    await startAtWilma(other);
    const stale = await other.get(first);
    expect(stale.headers.get('x-passi-error-code')).toBe('PASSI_UPSTREAM_ANSWER_MISMATCH');
  });

  it('a failing user-data fetch goes back to the service as a protocol error', async () => {
    wilma.loginAs = 'student-1';
    wilma.userDataStatus = 500;
    try {
      const browser = new BrowserlessClient();
      const posted = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?flow=WilmaTest&lang=en`);
      const result = await browser.submitForm(posted);
      expect(result.body).toContain('The login failed');
    } finally {
      wilma.userDataStatus = undefined;
    }
  });

  it('connector: forceauth is signed, the nonce is single use, and expires with the flow', async () => {
    const clock = fixedClock(new Date('2030-01-01T10:00:00Z'));
    const connector = createWilmaConnector({
      publicUrl: t.baseUrl,
      clock,
      replay: () => t.services.replay,
      nonceTtlSeconds: 600,
    });
    const integration: UpstreamIntegration = {
      id: '4000101',
      type: 'wilma',
      flowName: 'WilmaTest',
      organisationOid: P,
      settings: { kind: 'wilma', hostname: 'x', baseUrl: wilma.baseUrl },
      secrets: { sharedSecret: SECRET },
    };
    const request = {
      face: 'saml' as const,
      serviceId: 'attribute-test-saml',
      forceAuthn: true,
      isPassive: false,
      authnSources: [],
      authnTags: [],
      faceState: {},
    };
    const started = await connector.start({
      flow: { id: 'f', request, createdAt: '' },
      integration,
      lang: 'fi',
    });
    if (started.action.kind !== 'redirect') throw new Error('expected a redirect');
    expect(started.action.location).toMatch(/&forceauth=true&h=[0-9a-f]{64}$/);
    wilma.loginAs = 'student-1';
    const res = await fetch(started.action.location, { redirect: 'manual' });
    expect(wilma.seen.logins.at(-1)).toMatchObject({ forceauth: true, signatureOk: true });
    const back = new URL(res.headers.get('location') ?? '');
    const flow: FlowState = { id: 'f', request, createdAt: '', upstream: started.upstream };
    const http = { method: 'GET', rawQuery: back.search.slice(1), query: {}, body: {} };
    const state = connector.readState(flow.upstream);
    const identity = await connector.finish({ flow, integration, http, state });
    expect(identity.attributes).toMatchObject({
      username: ['student-1'],
      first_name: ['Wilma'],
      schoolCodes: ['30076'],
      schoolRoles: ['student'],
      schoolGroups: ['9F'],
      groupLevel: ['9'],
      learningMaterialsCharges: ['1'],
      learnerId: ['1.2.246.562.98.20000000001'],
    });
    await expect(connector.finish({ flow, integration, http, state })).rejects.toMatchObject({
      code: 'PASSI_REPLAY',
    });
    // A fresh login, answered after the nonce's lifetime.
    const again = await connector.start({
      flow: { id: 'g', request, createdAt: '' },
      integration,
      lang: 'fi',
    });
    if (again.action.kind !== 'redirect') throw new Error('expected a redirect');
    const res2 = await fetch(again.action.location, { redirect: 'manual' });
    clock.advance(601_000);
    await expect(
      connector.finish({
        flow: { id: 'g', request, createdAt: '', upstream: again.upstream },
        state: connector.readState(again.upstream),
        integration,
        http: { ...http, rawQuery: new URL(res2.headers.get('location') ?? '').search.slice(1) },
      }),
    ).rejects.toMatchObject({ code: 'PASSI_FLOW_EXPIRED' });
    // A wrong shared secret at Passi's side: Wilma's answer does not verify.
    await expect(
      connector.finish({
        flow,
        integration: { ...integration, secrets: { sharedSecret: 'other' } },
        http,
        state,
      }),
    ).rejects.toMatchObject({ code: 'PASSI_UPSTREAM_ANSWER_INVALID' });
  });

  // Runs last in this file: after every login above, success and failure alike.
  it('never logged a secret, at debug level, through all the logins above', () => {
    expect(log.lines.length).toBeGreaterThan(20);
    const text = log.lines.join('\n');
    expect(text).not.toContain(SECRET);
  });
});
