import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import type { UpstreamIntegration } from '../../src/core/flow/ports.ts';
import { countRows } from '../../src/store/testing/count-rows.ts';
import { createOidcConnector } from '../../src/upstream/oidc/oidc-connector.ts';
import { authnRequestXml, redirectSsoUrl } from '../saml-idp/support/authn-requests.ts';
import { BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import { createFakeMicrosoft, type FakeMicrosoft } from '../support/fakes/fake-microsoft.ts';
import { type SchoolOp, startSchoolOp } from '../support/fakes/school-op.ts';
import { flushWritesBehind } from '../support/flush-writes-behind.ts';
import { freePort } from '../support/free-port.ts';
import { captureLog } from '../support/log-capture.ts';
import { loginAtOidcService } from '../support/oidc-service-result.ts';
import { expectSchoolAnswerRefusedPage } from '../support/return-address-page.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const P = '1.2.246.562.99.00000000001';
const S76 = '1.2.246.562.99.00000000002';
const TENANT = '3f1c2a3b-1111-4222-8333-944455556666';
const ENTRA_CLIENT = '0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff';
const EXT = 'extension_0a1b2c3daaaa4bbb8cccddddeeeeffff';

function registry(op: SchoolOp, entra: SchoolOp): string {
  return `
integrations:
  - id: "4000201"
    organisationOid: ${P}
    type: oidc
    flowName: SchoolOidc
    deploymentPhase: test
    settings: { kind: oidc, issuer: "${op.issuer}", clientId: passi-rp, scopes: [profile] }
    secrets: { clientSecret: school-op-client-secret }
    discovery: { displayName: { fi: Mansikkalan OIDC } }
  - id: "4000202"
    organisationOid: ${P}
    type: oidc
    flowName: SchoolOidcB
    deploymentPhase: test
    settings: { kind: oidc, issuer: "${op.issuer}", clientId: passi-rp, scopes: [profile] }
    secrets: { clientSecret: school-op-client-secret }
    discovery: { displayName: { fi: Mansikkalan OIDC B } }
  - id: "4000203"
    organisationOid: ${P}
    type: entra
    flowName: EntraOidc
    deploymentPhase: test
    settings:
      kind: entra
      tenantId: ${TENANT}
      clientId: ${ENTRA_CLIENT}
      login: oidc
      loginBaseUrl: "${entra.origin}"
      graphBaseUrl: "${entra.origin}"
      graphAttributes: [givenName, surname, ${EXT}_learnerId, ${EXT}_schoolCode, ${EXT}_role]
    mapping:
      learnerId: ${EXT}_learnerId
      schoolIds: ${EXT}_schoolCode
      roles: ${EXT}_role
    secrets: { clientSecret: entra-client-secret }
    discovery: { displayName: { fi: Mansikkalan Entra } }
`;
}

/** Every log line of the test app, at debug level (secrets are never logged: docs/operations.md "Logs"). */
const log = captureLog();
describe('OIDC connectors end to end (service → Passi → real oidc-provider as the school → Passi → service)', () => {
  let t: TestApp;
  let op: SchoolOp;
  let entra: SchoolOp;
  let ms: FakeMicrosoft;
  beforeAll(async () => {
    const port = await freePort();
    const passi = `http://localhost:${port}`;
    op = await startSchoolOp({
      clientId: 'passi-rp',
      clientSecret: 'school-op-client-secret',
      redirectUris: [
        `${passi}/upstream/oidc/SchoolOidc/callback`,
        `${passi}/upstream/oidc/SchoolOidcB/callback`,
      ],
      claims: ['learnerId', 'schoolCode', 'userRole', 'class'],
    });
    op.accounts.set('oidc-student', {
      given_name: 'Olli',
      family_name: 'Oidc',
      learnerId: '1.2.246.562.98.30000000001',
      schoolCode: '30076',
      userRole: 'Oppilas',
      class: '7A',
    });
    ms = createFakeMicrosoft();
    ms.tenants.set(TENANT, { clientId: ENTRA_CLIENT, clientSecret: 'entra-client-secret' });
    ms.users.set('obj-1', {
      id: 'obj-1',
      givenName: 'Eero',
      surname: 'Entra',
      [`${EXT}_learnerId`]: '1.2.246.562.98.30000000002',
      [`${EXT}_schoolCode`]: '30076',
      [`${EXT}_role`]: 'Oppilas',
    });
    entra = await startSchoolOp({
      path: `/${TENANT}/v2.0`,
      clientId: ENTRA_CLIENT,
      clientSecret: 'entra-client-secret',
      redirectUris: [`${passi}/upstream/oidc/EntraOidc/callback`],
      claims: ['tid', 'oid'],
      claimsInIdToken: true,
      otherRoutes: (req, res) => ms.handle(req, res),
    });
    entra.accounts.set('entra-user', { tid: TENANT, oid: 'obj-1', given_name: 'Eero' });
    entra.accounts.set('other-tenant', { tid: '99999999-1111-4222-8333-944455556666', oid: 'obj-1' });
    t = await createTestApp({
      port,
      registry: registry(op, entra),
      logStream: log.stream,
      config: { logLevel: 'debug' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await op?.close();
    await entra?.close();
  });

  /** Follows redirects until the browser is sent to `prefix` (not fetched); returns that URL. */
  async function untilCallback(browser: BrowserlessClient, url: string, prefix: string): Promise<string> {
    let res: BrowserResponse = await browser.get(url);
    for (let i = 0; i < 15; i++) {
      const location = res.headers.get('location');
      if (!location) throw new Error(`no redirect at ${res.url} (${res.status})`);
      const next = new URL(location, res.url).toString();
      if (next.startsWith(prefix)) return next;
      res = await browser.get(next);
    }
    throw new Error('too many redirects');
  }

  it('generic OIDC via a SAML service: ID token + userinfo → data-model attributes', async () => {
    op.loginAs = 'oidc-student';
    op.cancel = false;
    const browser = new BrowserlessClient();
    const posted = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?flow=SchoolOidc&lang=en`);
    expect(posted.body).toContain('SAMLResponse');
    const result = await browser.submitForm(posted);
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
    expect(result.body).toContain(`${P};30076;7A;Oppilas;`);
    expect(result.body).toContain(S76);
    expect(result.body).toContain('1.2.246.562.98.30000000001');
    expect(result.body).toContain('urn:mpass.id:authnsource:SchoolOidc');
  });

  it('generic OIDC via an OIDC service (openid-client as the service)', async () => {
    op.loginAs = 'oidc-student';
    const browser = new BrowserlessClient();
    const result = await browser.getFollow(`${t.baseUrl}/test-service/oidc/login?flow=SchoolOidc&lang=en`);
    expect(result.url).toContain('/test-service/oidc/callback');
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
    expect(result.body).toContain('Olli');
  });

  it('user cancel (access_denied) goes back to the service as a protocol error', async () => {
    op.cancel = true;
    try {
      const browser = new BrowserlessClient();
      const posted = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?flow=SchoolOidc&lang=en`);
      const xml = Buffer.from(parseForms(posted.body)[0]?.fields.SAMLResponse ?? '', 'base64').toString(
        'utf8',
      );
      // A cancellation, not any failure: AuthnFailed with the cancellation named in StatusMessage.
      expect(xml).toContain('<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed">');
      // The service reads a generic sentence and the error id of the failure's log line.
      expect(xml).toMatch(
        /<samlp:StatusMessage>the user cancelled the login at the school \(error id [0-9a-f-]{36}\)<\/samlp:StatusMessage>/,
      );
      const result = await browser.submitForm(posted);
      expect(result.body).toContain('The login failed');
    } finally {
      op.cancel = false;
    }
  });

  it('refuses a wrong iss, a state mismatch, and the answer at another integration (mix-up)', async () => {
    op.loginAs = 'oidc-student';
    const browser = new BrowserlessClient();
    const cb = await untilCallback(
      browser,
      `${t.baseUrl}/test-service/saml/login?flow=SchoolOidc`,
      `${t.baseUrl}/upstream/oidc/`,
    );
    // Written behind the logins on the embedded store: counted once written.
    await flushWritesBehind(t.services.writesBehind);
    const sessionsBefore = await countRows(t.services.db, 'session');
    expect(new URL(cb).searchParams.get('iss')).toBe(op.issuer);
    const wrongIss = new URL(cb);
    wrongIss.searchParams.set('iss', 'http://127.0.0.1:1/evil');
    expect((await browser.get(wrongIss.toString())).headers.get('x-passi-error-code')).toBe(
      'PASSI_UPSTREAM_ANSWER_INVALID',
    );
    const wrongState = new URL(cb);
    wrongState.searchParams.set('state', 'x'.repeat(43));
    expect((await browser.get(wrongState.toString())).headers.get('x-passi-error-code')).toBe(
      'PASSI_UPSTREAM_ANSWER_MISMATCH',
    );
    const mixUp = cb.replace('/SchoolOidc/callback', '/SchoolOidcB/callback');
    expect((await browser.get(mixUp)).headers.get('x-passi-error-code')).toBe(
      'PASSI_UPSTREAM_ANSWER_MISMATCH',
    );
    // Nothing half-written: the refusals left no SSO session.
    await flushWritesBehind(t.services.writesBehind);
    expect(await countRows(t.services.db, 'session')).toBe(sessionsBefore);
  });

  it('SAML ForceAuthn reaches the school: the upstream authorization request carries prompt=login', async () => {
    // ForceAuthn passed upstream (SAML Core 2.0 §3.4.1 → OIDC Core 1.0 §3.1.2.1 prompt=login): a service's AuthnRequest, hinted to the OIDC school.
    const authorizeAt = async (forceAuthn: boolean) => {
      const xml = authnRequestXml({
        issuer: `${t.baseUrl}/test-service/saml`,
        acsUrl: `${t.baseUrl}/test-service/saml/acs`,
        forceAuthn,
        authnContextClassRefs: ['urn:mpass.id:authnsource:SchoolOidc'],
      });
      const browser = new BrowserlessClient();
      const atPassi = await browser.get(redirectSsoUrl(t.baseUrl, xml));
      expect(atPassi.status, atPassi.body.slice(0, 200)).toBe(303);
      const upstream = new URL(atPassi.headers.get('location') ?? '', t.baseUrl);
      expect(upstream.href.startsWith(op.issuer)).toBe(true);
      return upstream.searchParams;
    };
    expect((await authorizeAt(true)).get('prompt')).toBe('login');
    expect((await authorizeAt(false)).get('prompt')).toBeNull();
  });

  it('connector: a nonce mismatch is refused', async () => {
    op.loginAs = 'oidc-student';
    const connector = createOidcConnector({ publicUrl: t.baseUrl, clock: systemClock });
    const integration: UpstreamIntegration = {
      id: '4000201',
      type: 'oidc',
      flowName: 'SchoolOidc',
      organisationOid: P,
      settings: { kind: 'oidc', issuer: op.issuer, clientId: 'passi-rp', scopes: ['profile'] },
      secrets: { clientSecret: 'school-op-client-secret' },
    };
    const request = {
      face: 'saml' as const,
      serviceId: 's',
      forceAuthn: false,
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
    const cb = await untilCallback(
      new BrowserlessClient(),
      started.action.location,
      `${t.baseUrl}/upstream/oidc/`,
    );
    const upstream = { ...started.upstream, nonce: 'n'.repeat(43) };
    await expect(
      connector.finish({
        flow: { id: 'f', request, createdAt: '', upstream },
        state: connector.readState(upstream),
        integration,
        http: { method: 'GET', rawQuery: new URL(cb).search.slice(1), query: {}, body: {} },
      }),
    ).rejects.toMatchObject({ code: 'PASSI_UPSTREAM_ANSWER_INVALID' });
  });

  it('Entra over OIDC: tenant issuer pinned, tid checked, Graph attributes fetched', async () => {
    entra.loginAs = 'entra-user';
    const before = ms.tokenRequests;
    const browser = new BrowserlessClient();
    const posted = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?flow=EntraOidc&lang=en`);
    const result = await browser.submitForm(posted);
    expect(result.body).toContain(`${P};30076;;Oppilas;`);
    expect(result.body).toContain('1.2.246.562.98.30000000002');
    expect(result.body).toContain('Entra');
    expect(ms.tokenRequests).toBe(before + 1);
    expect(ms.graphRequests.at(-1)?.select).toBe(
      `givenName,surname,${EXT}_learnerId,${EXT}_schoolCode,${EXT}_role`,
    );
  });

  it('Entra over OIDC via an OIDC service (openid-client as the service): Graph attributes as claims', async () => {
    entra.loginAs = 'entra-user';
    const claims = await loginAtOidcService(t.baseUrl, 'EntraOidc');
    expect(claims['urn:mpass.id:schoolInfo']).toContain('30076;Mansikkalan testi peruskoulu');
    expect(claims['urn:mpass.id:role']?.[0]).toMatch(`${P};30076;;Oppilas;`);
    expect(claims['urn:oid:1.3.6.1.4.1.16161.1.1.27']).toEqual(['1.2.246.562.98.30000000002']);
    expect(claims.family_name).toEqual(['Entra']);
  });

  it('Entra over OIDC: an ID token of another tenant is refused', async () => {
    entra.loginAs = 'other-tenant';
    const browser = new BrowserlessClient();
    const cb = await untilCallback(
      browser,
      `${t.baseUrl}/test-service/saml/login?flow=EntraOidc`,
      `${t.baseUrl}/upstream/oidc/`,
    );
    const refused = await browser.get(cb);
    expect(refused.headers.get('x-passi-error-code')).toBe('PASSI_UPSTREAM_ANSWER_INVALID');
    expectSchoolAnswerRefusedPage(refused.body);
  });

  it('Entra over OIDC: Graph 401 ends as a protocol error; a 429 with Retry-After is retried once', async () => {
    entra.loginAs = 'entra-user';
    ms.failNext.push({ status: 401 }, { status: 401 });
    const before = log.lines.length;
    const browser = new BrowserlessClient();
    const failed = await browser.submitForm(
      await browser.getFollow(`${t.baseUrl}/test-service/saml/login?flow=EntraOidc&lang=en`),
    );
    expect(failed.body).toContain('The login failed');
    // The operator's log names the school-side cause; the service gets the error id, not the cause.
    const line = log.lines
      .slice(before)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'login failed');
    expect(line).toMatchObject({
      level: 40,
      reason: 'PASSI_UPSTREAM_FAILED',
      flowName: 'EntraOidc',
      detail: 'Microsoft Graph refused the access token (401)',
      upstream: { step: 'user', status: 401 },
    });
    expect(failed.body).toContain(`error id ${String(line?.errorId)}`);
    expect(failed.body).not.toContain('refused the access token');
    ms.failNext.push({ status: 429, retryAfter: '0' });
    const other = new BrowserlessClient();
    const ok = await other.submitForm(
      await other.getFollow(`${t.baseUrl}/test-service/saml/login?flow=EntraOidc&lang=en`),
    );
    expect(ok.body).toContain('1.2.246.562.98.30000000002');
  });

  // Runs last in this file: after every login above, success and failure alike.
  it('never logged a secret, at debug level, through all the logins above', () => {
    expect(log.lines.length).toBeGreaterThan(20);
    const text = log.lines.join('\n');
    expect(text).not.toContain('school-op-client-secret');
    expect(text).not.toContain('entra-client-secret');
  });
});
