import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../src/store/testing/count-rows.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { type FakePuavo, startFakePuavo } from '../support/fakes/fake-puavo.ts';
import { flushWritesBehind } from '../support/flush-writes-behind.ts';
import { captureLog } from '../support/log-capture.ts';
import { loginAtOidcService } from '../support/oidc-service-result.ts';
import { expectSchoolAnswerRefusedPage } from '../support/return-address-page.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const SECRET = 'opinsys-shared-secret-0123456789abcdef';
const DOMAIN = 'mansikkala.opinsys.fi';
const BIND_DN = 'puavoId=123,ou=People,dc=edu,dc=mansikkala,dc=fi';
const P = '1.2.246.562.99.00000000001';

function registry(puavo: FakePuavo): string {
  return `
integrations:
  - id: "4000301"
    organisationOid: ${P}
    type: opinsys
    flowName: OpinsysTest
    deploymentPhase: test
    settings:
      kind: opinsys
      organisationDomain: ${DOMAIN}
      bindDn: "${BIND_DN}"
      apiBaseUrl: ${puavo.baseUrl}
    secrets: { sharedSecret: ${SECRET}, clientKey: bind-password }
    discovery: { displayName: { fi: Mansikkalan Opinsys } }
`;
}

/** Every log line of the test app, at debug level (secrets are never logged: docs/operations.md "Logs"). */
const log = captureLog();
describe('Opinsys connector end to end (SAML and OIDC services → Passi → fake Puavo → Passi → service)', () => {
  let t: TestApp;
  let puavo: FakePuavo;
  beforeAll(async () => {
    puavo = await startFakePuavo({
      secret: SECRET,
      domain: DOMAIN,
      bindDn: BIND_DN,
      password: 'bind-password',
    });
    puavo.tokens.set('4711', {
      username: 'olli.opinsys',
      first_name: 'Olli',
      last_name: 'Opinsys',
      user_type: 'student',
      schools: [{ id: 9, name: 'Mansikkalan testi peruskoulu', abbreviation: 'mtp', groups: [] }],
    });
    puavo.users.set('4711', {
      id: 4711,
      first_name: 'Olli',
      last_name: 'Opinsys',
      learner_id: '1.2.246.562.98.40000000001',
      user_type: 'student',
      year_class: '8',
      schools: [
        {
          name: 'Mansikkalan testi peruskoulu',
          school_code: '30076',
          roles: ['student'],
          learning_materials_charge: '1;30076',
          groups: [
            { type: 'administrative group', name: 'Oppilaat' },
            { type: 'teaching group', name: '8B' },
          ],
        },
      ],
    });
    t = await createTestApp({
      registry: registry(puavo),
      logStream: log.stream,
      config: { logLevel: 'debug' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await puavo?.close();
  });

  const toCallback = async (browser: BrowserlessClient) => {
    const a = await browser.get(`${t.baseUrl}/test-service/saml/login?flow=OpinsysTest&lang=en`);
    const b = await browser.get(new URL(a.headers.get('location') ?? '', a.url).toString());
    const sso = b.headers.get('location') ?? '';
    expect(sso.startsWith(`${puavo.baseUrl}/v3/sso?return_to=`)).toBe(true);
    expect(new URL(sso).searchParams.get('organisation')).toBe(DOMAIN);
    const c = await browser.get(sso);
    return c.headers.get('location') ?? '';
  };

  it('logs a student in: JWT verified, REST user fetched with Host + Basic, attributes released', async () => {
    puavo.loginAs = '4711';
    const browser = new BrowserlessClient();
    const result = await browser.submitForm(
      await browser.getFollow(`${t.baseUrl}/test-service/saml/login?flow=OpinsysTest&lang=en`),
    );
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
    expect(result.body).toContain(`${P};30076;8B;Oppilas;`);
    expect(result.body).toContain('1.2.246.562.98.40000000001');
    expect(result.body).toContain('urn:mpass.id:authnsource:OpinsysTest');
    expect(puavo.seen.at(-1)).toEqual({ restHost: DOMAIN, restAuthOk: true });
  });

  it('logs a student in; an OIDC service (openid-client) receives the data-model claims', async () => {
    puavo.loginAs = '4711';
    const claims = await loginAtOidcService(t.baseUrl, 'OpinsysTest');
    expect(claims['urn:mpass.id:schoolInfo']).toContain('30076;Mansikkalan testi peruskoulu');
    // Puavo's per-school charge and the class level from the year class are released.
    expect(claims['urn:mpass.id:learningMaterialsCharge']).toContain('1;30076');
    expect(claims['urn:mpass.id:classLevel']).toEqual(['8']);
    expect(claims['urn:mpass.id:role']?.[0]).toMatch(`${P};30076;8B;Oppilas;`);
    expect(claims['urn:oid:1.3.6.1.4.1.16161.1.1.27']).toEqual(['1.2.246.562.98.40000000001']);
    expect(puavo.seen.at(-1)).toEqual({ restHost: DOMAIN, restAuthOk: true });
  });

  it('refuses a replayed jti, an expired or too old token, a wrong alg and a wrong secret', async () => {
    puavo.loginAs = '4711';
    const cases: [FakePuavo['tamper'], string][] = [
      [{ iatOffsetSeconds: -600 }, 'PASSI_FLOW_EXPIRED'],
      [{ exp: Math.floor(Date.now() / 1000) - 300 }, 'PASSI_FLOW_EXPIRED'],
      [{ alg: 'HS512' }, 'PASSI_UPSTREAM_ANSWER_INVALID'],
      [{ secret: 'not-the-shared-secret-0123456789abcdef' }, 'PASSI_UPSTREAM_ANSWER_INVALID'],
      [{ iatOffsetSeconds: 600 }, 'PASSI_UPSTREAM_ANSWER_INVALID'],
    ];
    // Written behind the logins on the embedded store: counted once written.
    await flushWritesBehind(t.services.writesBehind);
    const sessionsBefore = await countRows(t.services.db, 'session');
    for (const [tamper, code] of cases) {
      const browser = new BrowserlessClient();
      puavo.tamper = tamper;
      const callback = await toCallback(browser);
      const refused = await browser.get(callback);
      expect(refused.headers.get('x-passi-error-code'), JSON.stringify(tamper)).toBe(code);
      if (code === 'PASSI_UPSTREAM_ANSWER_INVALID') expectSchoolAnswerRefusedPage(refused.body);
    }
    // Nothing half-written: no refused answer left an SSO session behind.
    await flushWritesBehind(t.services.writesBehind);
    expect(await countRows(t.services.db, 'session')).toBe(sessionsBefore);
    // The same jti twice (two logins, two browsers): the second is a replay.
    const first = new BrowserlessClient();
    puavo.tamper = { jti: 'fixed-jti-1' };
    const ok = await first.follow(await first.get(await toCallback(first)));
    expect(ok.body).toContain('SAMLResponse');
    const second = new BrowserlessClient();
    puavo.tamper = { jti: 'fixed-jti-1' };
    const replayed = await second.get(await toCallback(second));
    expect(replayed.headers.get('x-passi-error-code')).toBe('PASSI_REPLAY');
  });

  it('refuses a token without organisation_domain or from another organisation', async () => {
    puavo.loginAs = '4711';
    for (const organisationDomain of [null, 'naapuri.opinsys.fi']) {
      const browser = new BrowserlessClient();
      puavo.tamper = { organisationDomain };
      const refused = await browser.get(await toCallback(browser));
      expect(refused.headers.get('x-passi-error-code'), String(organisationDomain)).toBe(
        'PASSI_UPSTREAM_ANSWER_INVALID',
      );
    }
  });

  it('a REST 401 fails the login: one log line for the operator, a generic message with the error id for the service', async () => {
    puavo.loginAs = '4711';
    puavo.restStatus = 401;
    const before = log.lines.length;
    const browser = new BrowserlessClient();
    const result = await browser.submitForm(
      await browser.getFollow(`${t.baseUrl}/test-service/saml/login?flow=OpinsysTest&lang=en`),
    );
    const failures = log.lines
      .slice(before)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'login failed');
    expect(failures).toHaveLength(1);
    const line = failures[0] ?? {};
    expect(line).toMatchObject({
      level: 40,
      reason: 'PASSI_UPSTREAM_FAILED',
      service: 'attribute-test-saml',
      integration: '4000301',
      flowName: 'OpinsysTest',
      detail: expect.stringContaining('HTTP 401'),
    });
    expect(line.flowId).toEqual(expect.any(String));
    expect(line.errorId).toEqual(expect.any(String));
    // The service is told that the login failed and the error id, not the school's configuration detail.
    expect(result.body).toContain(String(line.errorId));
    expect(result.body).not.toContain('HTTP 401');
    expect(result.body).not.toContain('Opinsys API');
  });

  it("refuses another login's answer (state bound to the browser's flow)", async () => {
    puavo.loginAs = '4711';
    const a = new BrowserlessClient();
    const callbackA = await toCallback(a);
    const b = new BrowserlessClient();
    await toCallback(b);
    const refused = await b.get(callbackA);
    expect(refused.headers.get('x-passi-error-code')).toBe('PASSI_UPSTREAM_ANSWER_MISMATCH');
  });

  // Runs last in this file: after every login above, success and failure alike.
  it('never logged a secret, at debug level, through all the logins above', () => {
    expect(log.lines.length).toBeGreaterThan(20);
    const text = log.lines.join('\n');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('bind-password');
  });
});
