import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIntegrations } from '../../src/composition/active-integrations.ts';
import type { Clock } from '../../src/core/clock.ts';
import {
  approveProductionIntegration,
  createProductionIntegration,
  pendingProductionIntegrations,
} from '../../src/portal/commands/production-integration.ts';
import { createIntegrationTestStore } from '../../src/portal/store/integration-test-store.ts';
import { parseForms } from '../support/browserless-client.ts';
import { describeEachStore } from '../support/describe-each-store.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { apiClient } from './api-operation-table.ts';
import {
  DEMO_INTEGRATION,
  integrationDeps,
  ORG_A,
  oidcTestIntegrationYaml,
  passedTestLogin,
  principalOf,
} from './integration-test-support.ts';
import { signedInBrowser } from './portal-support.ts';

const ORG_B = '1.2.246.562.99.00000000077';
const DAY = 86_400_000;
const clockAt = (at: Date): Clock => ({ now: () => at });
const mainOfA = principalOf('main-a', 'education-main', ORG_A);

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

describeEachStore('production integration from a tested test integration', (store) => {
  let t: TestApp;
  const stored = async (id: string) => (await t.services.repo.list('integration')).find((e) => e.id === id);

  beforeAll(async () => {
    t = await createTestApp({
      store,
      registry: `
organisations:
  - oid: ${ORG_B}
    name: { fi: Toinen koulutustoimija }
    roles: [educationProvider]
${oidcTestIntegrationYaml({ id: '4000201', organisationOid: ORG_A, flowName: 'KouluOidcTest', issuer: 'https://idp.koulu.example' }).replace('integrations:\n', 'integrations:\n')}
${oidcTestIntegrationYaml({ id: '4000202', organisationOid: ORG_A, flowName: 'HttpKouluTest', issuer: 'http://idp.koulu.example' }).replace('integrations:\n', '')}
${oidcTestIntegrationYaml({ id: '4000203', organisationOid: ORG_A, flowName: 'OdottavaTest', issuer: 'https://idp2.koulu.example' }).replace('integrations:\n', '')}
${oidcTestIntegrationYaml({ id: '4000204', organisationOid: ORG_A, flowName: 'SivuTest', issuer: 'https://idp3.koulu.example' }).replace('integrations:\n', '')}
`,
    });
  });
  afterAll(() => t?.close());

  it('is refused without a passed test login, and after 31 days; allowed within 30; the test integration is not changed', async () => {
    const before = await stored('4000201');
    const now = t.services.clock.now();
    expect(
      await codeOf(
        createProductionIntegration(
          integrationDeps(t),
          mainOfA,
          { organisationId: ORG_A, integrationId: '4000201' },
          {},
          '192.0.2.1',
        ),
      ),
    ).toBe('PASSI_PORTAL_TEST_LOGIN_REQUIRED');
    // A failed test login does not count.
    await createIntegrationTestStore(t.services.db).recordResult({
      organisationId: ORG_A,
      integrationId: '4000201',
      personId: 'main-a',
      at: now,
      protocol: 'saml',
      passed: false,
      problems: { attributes: [], rules: [] },
    });
    expect(
      await codeOf(
        createProductionIntegration(
          integrationDeps(t),
          mainOfA,
          { organisationId: ORG_A, integrationId: '4000201' },
          {},
          '192.0.2.1',
        ),
      ),
    ).toBe('PASSI_PORTAL_TEST_LOGIN_REQUIRED');
    await passedTestLogin(t, ORG_A, '4000201', now);
    const later = (days: number) =>
      integrationDeps(t, { clock: clockAt(new Date(now.getTime() + days * DAY)) });
    expect(
      await codeOf(
        createProductionIntegration(
          later(31),
          mainOfA,
          { organisationId: ORG_A, integrationId: '4000201' },
          {},
          '192.0.2.1',
        ),
      ),
    ).toBe('PASSI_PORTAL_TEST_LOGIN_REQUIRED');
    expect(
      (await t.services.repo.list('integration')).filter((e) => e.doc.deploymentPhase === 'production'),
    ).toEqual([]);
    const created = await createProductionIntegration(
      later(29),
      mainOfA,
      { organisationId: ORG_A, integrationId: '4000201' },
      {},
      '192.0.2.1',
    );
    expect(created).toEqual({
      integrationId: '1000001',
      flowName: 'KouluOidc',
      status: 'active',
      sourceIntegrationId: '4000201',
    });
    const copy = await stored('1000001');
    expect(copy?.doc).toEqual({
      ...before?.doc,
      id: '1000001',
      flowName: 'KouluOidc',
      deploymentPhase: 'production',
      status: 'active',
    });
    expect(copy?.secrets).toEqual({ clientSecret: 'the-school-client-secret-of-4000201' });
    expect(await stored('4000201')).toEqual(before);
    // The registry's audit log has the creation; the portal's audit who did it.
    const audit = await t.services.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('entity_id', '=', '1000001')
      .execute();
    expect(audit).toEqual([{ action: 'create', actor: 'portal:main-a@example.fi' }]);
    // A second copy gets the next id and a free flow name.
    const second = await createProductionIntegration(
      later(1),
      mainOfA,
      { organisationId: ORG_A, integrationId: '4000201' },
      {},
      '192.0.2.1',
    );
    expect(second).toMatchObject({ integrationId: '1000002', flowName: 'KouluOidc-2' });
    // A flow name in use is refused with its path.
    expect(
      await codeOf(
        createProductionIntegration(
          integrationDeps(t),
          mainOfA,
          { organisationId: ORG_A, integrationId: '4000201' },
          { flowName: 'MansikkalaTest' },
          '192.0.2.1',
        ),
      ),
    ).toBe('PASSI_REGISTRY_INVALID');
  });

  it('an http address is refused in production with the integration schema’s message, nothing created', async () => {
    await passedTestLogin(t, ORG_A, '4000202', t.services.clock.now());
    const count = (await t.services.repo.list('integration')).length;
    const refused = await createProductionIntegration(
      integrationDeps(t),
      mainOfA,
      { organisationId: ORG_A, integrationId: '4000202' },
      {},
      '192.0.2.1',
    ).then(
      () => undefined,
      (e: unknown) => e as { code: string; issues: { path: string; message: string }[] },
    );
    expect(refused?.code).toBe('PASSI_REGISTRY_INVALID');
    expect(refused?.issues).toEqual([
      { path: 'settings.issuer', message: 'must be an https URL outside deploymentPhase test' },
    ]);
    expect(await t.services.repo.list('integration')).toHaveLength(count);
  });

  it('a test-directory integration is never copied to production, even after a passed test login', async () => {
    await passedTestLogin(t, ORG_A, DEMO_INTEGRATION, t.services.clock.now());
    const refused = await createProductionIntegration(
      integrationDeps(t),
      mainOfA,
      { organisationId: ORG_A, integrationId: DEMO_INTEGRATION },
      {},
      '192.0.2.1',
    ).then(
      () => undefined,
      (e: unknown) => e as { issues: { path: string }[] },
    );
    expect(refused?.issues.map((i) => i.path)).toEqual(['type']);
  });

  it('with approval required: pending, out of logins and discovery, until an operator approves (audited)', async () => {
    const deps = integrationDeps(t, { productionIntegrationsNeedApproval: true });
    await passedTestLogin(t, ORG_A, '4000203', t.services.clock.now());
    const created = await createProductionIntegration(
      deps,
      mainOfA,
      { organisationId: ORG_A, integrationId: '4000203' },
      {},
      '192.0.2.1',
    );
    expect(created.status).toBe('pending');
    const id = created.integrationId;
    expect(await t.services.directory.byId(id)).toBeUndefined();
    expect((await activeIntegrations(t.services.registry)).map((i) => i.id)).not.toContain(id);
    // Only operators see and approve; a main user and a viewer are refused and audited.
    for (const who of [mainOfA, principalOf('viewer-a', 'education-viewer', ORG_A)]) {
      expect(await codeOf(pendingProductionIntegrations(deps, who, '192.0.2.1'))).toBe(
        'PASSI_PORTAL_FORBIDDEN',
      );
      expect(await codeOf(approveProductionIntegration(deps, who, id, '192.0.2.1'))).toBe(
        'PASSI_PORTAL_FORBIDDEN',
      );
    }
    expect((await stored(id))?.doc.status).toBe('pending');
    const operator = principalOf('op', 'operator', 'passi');
    expect(
      (await pendingProductionIntegrations(deps, operator, '192.0.2.1')).map((p) => p.integrationId),
    ).toEqual([id]);
    expect(await approveProductionIntegration(deps, operator, id, '192.0.2.1')).toEqual({
      integrationId: id,
      status: 'active',
    });
    expect((await t.services.directory.byId(id))?.id).toBe(id);
    expect(await codeOf(approveProductionIntegration(deps, operator, id, '192.0.2.1'))).toBe(
      'PASSI_NOT_FOUND',
    );
    expect(await pendingProductionIntegrations(deps, operator, '192.0.2.1')).toEqual([]);
    const audit = await t.services.db
      .selectFrom('portal_audit')
      .select(['action', 'actor'])
      .where('subject', '=', id)
      .orderBy('at')
      .execute();
    expect(audit).toEqual([
      { action: 'production-integration-created', actor: 'main-a' },
      { action: 'production-integration-approved', actor: 'op' },
    ]);
  });

  it('another organisation’s main user is refused (403, audited, nothing created); a viewer too', async () => {
    await passedTestLogin(t, ORG_A, '4000204', t.services.clock.now());
    const count = (await t.services.repo.list('integration')).length;
    const mainOfB = principalOf('main-b', 'education-main', ORG_B);
    expect(
      await codeOf(
        createProductionIntegration(
          integrationDeps(t),
          mainOfB,
          { organisationId: ORG_A, integrationId: '4000204' },
          {},
          '192.0.2.1',
        ),
      ),
    ).toBe('PASSI_PORTAL_FORBIDDEN');
    // Its own organisation in the path does not reach another organisation's integration.
    expect(
      await codeOf(
        createProductionIntegration(
          integrationDeps(t),
          mainOfB,
          { organisationId: ORG_B, integrationId: '4000204' },
          {},
          '192.0.2.1',
        ),
      ),
    ).toBe('PASSI_NOT_FOUND');
    const viewer = principalOf('viewer-a', 'education-viewer', ORG_A);
    expect(
      await codeOf(
        createProductionIntegration(
          integrationDeps(t),
          viewer,
          { organisationId: ORG_A, integrationId: '4000204' },
          {},
          '192.0.2.1',
        ),
      ),
    ).toBe('PASSI_PORTAL_FORBIDDEN');
    const serviceMain = principalOf('service-main', 'service-main', ORG_A);
    expect(
      await codeOf(
        createProductionIntegration(
          integrationDeps(t),
          serviceMain,
          { organisationId: ORG_A, integrationId: '4000204' },
          {},
          '192.0.2.1',
        ),
      ),
    ).toBe('PASSI_PORTAL_FORBIDDEN');
    const refusals = await t.services.db
      .selectFrom('portal_audit')
      .select(['actor', 'subject'])
      .where('action', '=', 'access-refused')
      .execute();
    expect(refusals).toEqual(
      expect.arrayContaining([
        { actor: 'main-b', subject: ORG_A },
        { actor: 'viewer-a', subject: ORG_A },
        { actor: 'service-main', subject: ORG_A },
      ]),
    );
    expect(await t.services.repo.list('integration')).toHaveLength(count);
  });

  it('pages: the refusal links the test login, an http address shows the schema’s message, creation redirects with a notice', async () => {
    const { browser, csrf } = await signedInBrowser(t, 'pages@mansikkala.example', 'education-main', ORG_A);
    const post = (integrationId: string, fields: Record<string, string> = {}) =>
      browser.post(
        `${t.baseUrl}/portal/organisation/${ORG_A}/integrations/${integrationId}/production?lang=en`,
        {
          csrf,
          ...fields,
        },
      );
    await t.importYaml(
      oidcTestIntegrationYaml({
        id: '4000205',
        organisationOid: ORG_A,
        flowName: 'UusiTest',
        issuer: 'https://idp5.koulu.example',
      }),
    );
    const untested = await post('4000205');
    expect(untested.status).toBe(409);
    expect(untested.body).toContain('id="production-errors"');
    expect(untested.body).toContain('href="#test-login"');
    expect(untested.body).toContain('id="test-login-form"');
    const http = await post('4000202');
    expect(http.status).toBe(400);
    expect(http.body).toContain('settings.issuer');
    expect(http.body).toContain('must be an https URL outside deploymentPhase test');
    const badName = await post('4000205', { flowName: '1 not a flow name' });
    expect(badName.status).toBe(400);
    expect(badName.body).toContain('id="production-flow-name-error"');
    await passedTestLogin(t, ORG_A, '4000205', t.services.clock.now());
    const created = await browser.postFollow(
      `${t.baseUrl}/portal/organisation/${ORG_A}/integrations/4000205/production?lang=en`,
      { csrf, flowName: 'UusiKoulu' },
    );
    expect(created.status).toBe(200);
    expect(created.body).toContain('id="production-created"');
    expect(created.body).toContain('(UusiKoulu) was created and is active');
    expect(parseForms(created.body).some((f) => f.action.includes('/test-login'))).toBe(true);
    // Back on the integration page itself, with its edit form.
    expect(created.url).toContain(`/integrations/4000205?created=`);
    expect(created.body).toContain('id="edit-heading"');
    // Without the CSRF token nothing is created.
    const count = (await t.services.repo.list('integration')).length;
    const noCsrf = await browser.post(
      `${t.baseUrl}/portal/organisation/${ORG_A}/integrations/4000205/production`,
      {},
    );
    expect(noCsrf.status).toBe(403);
    expect(await t.services.repo.list('integration')).toHaveLength(count);
  });
});

describe('production integration through the JSON API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      registry: [
        oidcTestIntegrationYaml({
          id: '4000201',
          organisationOid: ORG_A,
          flowName: 'ApiKouluTest',
          issuer: 'https://idp.koulu.example',
        }),
        oidcTestIntegrationYaml({
          id: '4000202',
          organisationOid: ORG_A,
          flowName: 'ApiHttpTest',
          issuer: 'http://idp.koulu.example',
        }).replace('integrations:\n', ''),
      ].join(''),
    });
  });
  afterAll(() => t?.close());

  it('refuses without a test (409, naming where to test), refuses http with the path, creates after a passed test', async () => {
    const { browser, csrf } = await signedInBrowser(t, 'api@mansikkala.example', 'education-main', ORG_A);
    const api = apiClient(t.baseUrl, {
      cookie: browser.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '',
      csrf,
    });
    const path = (id: string) => `/organisations/${ORG_A}/integrations/${id}/production`;
    const untested = await api('post', path('4000201'), {});
    expect(untested.status).toBe(409);
    expect(untested.body).toMatchObject({ error: { code: 'PASSI_PORTAL_TEST_LOGIN_REQUIRED' } });
    expect(JSON.stringify(untested.body)).toContain(`/portal/organisation/${ORG_A}/integrations/4000201)`);
    await passedTestLogin(t, ORG_A, '4000202', t.services.clock.now());
    const http = await api('post', path('4000202'), {});
    expect(http.status).toBe(400);
    expect(http.body).toMatchObject({
      error: {
        code: 'PASSI_REGISTRY_INVALID',
        issues: [{ path: 'settings.issuer', message: 'must be an https URL outside deploymentPhase test' }],
      },
    });
    await passedTestLogin(t, ORG_A, '4000201', t.services.clock.now());
    const created = await api('post', path('4000201'), { flowName: 'ApiKoulu' });
    expect(created).toEqual({
      status: 201,
      body: {
        integrationId: '1000001',
        flowName: 'ApiKoulu',
        status: 'active',
        sourceIntegrationId: '4000201',
      },
    });
    const listed = await api('get', `/organisations/${ORG_A}/integrations/4000201/test-logins`);
    expect(listed.body).toMatchObject({ testLogins: [{ passed: true }] });
  });
});

describe('production integrations need approval (PASSI_PRODUCTION_INTEGRATIONS_NEED_APPROVAL=true): the operator’s page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      config: { productionIntegrationsNeedApproval: 'true' },
      registry: oidcTestIntegrationYaml({
        id: '4000201',
        organisationOid: ORG_A,
        flowName: 'KouluOidcTest',
        issuer: 'https://idp.koulu.example',
      }),
    });
  });
  afterAll(() => t?.close());

  it('a main user’s creation waits; the operator approves it from the list', async () => {
    await passedTestLogin(t, ORG_A, '4000201', t.services.clock.now());
    const main = await signedInBrowser(t, 'main@mansikkala.example', 'education-main', ORG_A);
    const created = await main.browser.postFollow(
      `${t.baseUrl}/portal/organisation/${ORG_A}/integrations/4000201/production?lang=en`,
      { csrf: main.csrf },
    );
    expect(created.body).toContain('becomes active when Passi’s operator approves it');
    expect(await t.services.directory.byId('1000001')).toBeUndefined();
    // The main user cannot see the operators' list.
    expect((await main.browser.get(`${t.baseUrl}/portal/operator/production-integrations`)).status).toBe(403);
    const op = await signedInBrowser(t, 'op@passi.example', 'operator', 'passi');
    const list = await op.browser.get(`${t.baseUrl}/portal/operator/production-integrations?lang=en`);
    expect(list.body).toContain('data-integration="1000001"');
    const index = parseForms(list.body).findIndex((f) => f.action.includes('/1000001/approve'));
    expect(index).toBeGreaterThanOrEqual(0);
    const approved = await op.browser.submitForm(list, {}, index);
    expect(approved.body).toContain('The integration 1000001 was approved and is now active.');
    expect((await t.services.directory.byId('1000001'))?.id).toBe('1000001');
  });
});
