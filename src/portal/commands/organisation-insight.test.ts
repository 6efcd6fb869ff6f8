import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { importRegistry } from '../../registry/import-registry.ts';
import { createRegistryRepository } from '../../registry/registry-repository.ts';
import { createRegistryCache } from '../../registry/registry-snapshot.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import type { Principal } from '../domain/principal.ts';
import type { PortalRole } from '../domain/roles.ts';
import {
  organisationDataQuality,
  organisationStatistics,
  organisationTrace,
} from './organisation-insight.ts';
import { insightProblemOf } from './organisation-insight-input.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

const EDU_A = '1.2.246.562.99.00000000011';
const EDU_B = '1.2.246.562.99.00000000012';
const SVC = '1.2.246.562.99.00000000013';
const SVC_OTHER = '1.2.246.562.99.00000000014';
const REGISTRY = `
organisations:
  - { oid: ${EDU_A}, name: { fi: Koulutus A }, roles: [educationProvider] }
  - { oid: ${EDU_B}, name: { fi: Koulutus B }, roles: [educationProvider] }
  - { oid: ${SVC}, name: { fi: Palvelu X }, roles: [serviceProvider] }
  - { oid: ${SVC_OTHER}, name: { fi: Palvelu Y }, roles: [serviceProvider] }
serviceSets:
  - { id: set-x, name: { fi: X }, organisationOid: ${SVC} }
services:
${['x', 'y']
  .map(
    (s) => `  - id: svc-${s}
    organisationOid: ${s === 'x' ? SVC : SVC_OTHER}
    name: { fi: Palvelu ${s.toUpperCase()} }
    protocol: saml
    serviceSets: [set-x]
    saml:
      entityId: https://${s}.example.fi/sp
      authnRequestsSigned: false
      acs: [{ location: 'https://${s}.example.fi/acs', index: 0 }]`,
  )
  .join('\n')}
integrations:
${['a', 'b']
  .map(
    (i) => `  - id: "${i === 'a' ? '4000111' : '4000222'}"
    organisationOid: ${i === 'a' ? EDU_A : EDU_B}
    type: test-directory
    flowName: Insight${i.toUpperCase()}
    deploymentPhase: test
    settings: { kind: test-directory }`,
  )
  .join('\n')}
`;
const DAY = '2026-03-02';
const IP = '192.0.2.7';

describeEachStore('organisation insight commands', (kind: TestStoreKind) => {
  let t: TestDb;
  let deps: PortalDeps;
  const clock = fixedClock(new Date(`${DAY}T08:00:00Z`));
  const as = (role: PortalRole, organisationId: string): Principal => ({
    personId: randomUUID(),
    email: `${role}@example.fi`,
    displayName: role,
    organisationId,
    role,
    via: 'session',
    authenticatedAt: clock.now(),
  });

  beforeAll(async () => {
    t = await createTestDb(kind);
    const box = createSecretBox(randomBytes(32));
    const repo = createRegistryRepository(t.db, box);
    await importRegistry(repo, REGISTRY, {
      publicUrl: 'https://passi.test',
      now: clock.now(),
      actor: 'test',
    });
    deps = {
      db: t.db,
      box,
      clock,
      mailer: { send: async () => {} },
      publicUrl: 'https://passi.test',
      registry: { cache: createRegistryCache(repo), repo },
      loginReportRetentionDays: 30,
    };
    const daily = (
      integration: string,
      service: string,
      school: string,
      role: string,
      outcome: string,
      count: number,
    ) => ({ day: DAY, integration_id: integration, service_id: service, school, role, outcome, count });
    await t.db
      .insertInto('login_daily')
      .values([
        daily('4000111', 'svc-x', '11111', 'pupil', 'completed', 3),
        daily('4000111', 'svc-y', '11111', 'teacher', 'failed:blocked', 1),
        daily('4000222', 'svc-x', '22222', 'pupil', 'completed', 5),
        daily('', 'svc-y', '', '', 'failed:cancelled', 2),
      ])
      .execute();
    const report = (at: string, over: Record<string, unknown>) => ({
      id: randomUUID(),
      at: new Date(`${DAY}T${at}:00Z`),
      service_id: 'svc-x',
      integration_id: '4000111',
      correlation_id: null,
      blocked: false,
      problems: '[]',
      detail: null,
      detail_expires_at: null,
      flow_id: randomUUID(),
      school: '11111',
      request: JSON.stringify({ face: 'saml', forceAuthn: false, isPassive: false }),
      released: JSON.stringify(['uid', 'learnerId', 'schoolCode']),
      outcome: 'completed',
      ...over,
    });
    await t.db
      .insertInto('login_report')
      .values([
        report('07:30', {
          blocked: true,
          outcome: 'failed:blocked',
          error_id: 'err-a',
          error_code: 'PASSI_LOGIN_BLOCKED',
          error_detail: 'learner id missing',
          problems: JSON.stringify([
            { code: 'LEARNER_ID_MISSING', severity: 'error', attributes: ['learnerId'] },
          ]),
          released: '[]',
        }),
        report('07:35', {}),
        report('07:40', {
          integration_id: '4000222',
          school: '22222',
          outcome: 'completed:problems',
          problems: JSON.stringify([
            { code: 'SCHOOL_UNRESOLVED', severity: 'warning', attributes: ['schoolCode'] },
          ]),
        }),
        report('07:45', {
          integration_id: '4000222',
          school: '22222',
          service_id: 'svc-y',
          outcome: 'failed:school',
          error_id: 'err-b',
          error_code: 'PASSI_UPSTREAM_FAILED',
          released: '[]',
        }),
      ])
      .execute();
  });
  afterAll(() => t?.close());

  it('an education provider sees only its own integrations’ numbers, over the last 30 days by default', async () => {
    const { statistics, names } = await organisationStatistics(
      deps,
      as('education-viewer', EDU_A),
      { organisationId: EDU_A },
      IP,
    );
    expect({ from: statistics.from, to: statistics.to }).toEqual({ from: '2026-02-01', to: DAY });
    expect(statistics.total).toBe(4);
    expect(statistics.byService).toEqual([
      { key: 'svc-x', count: 3 },
      { key: 'svc-y', count: 1 },
    ]);
    expect(statistics.byIntegration).toEqual([{ key: '4000111', count: 4 }]);
    expect(statistics.perDay.at(-1)).toEqual({
      day: DAY,
      count: 4,
      byOutcome: { completed: 3, 'failed:blocked': 1 },
    });
    expect(names.services['svc-x']).toEqual({ fi: 'Palvelu X' });
  });

  it('refuses another organisation’s people with 403 and audits the refusal', async () => {
    const stranger = as('education-main', EDU_B);
    for (const read of [organisationStatistics, organisationDataQuality]) {
      await expect(read(deps, stranger, { organisationId: EDU_A }, IP)).rejects.toMatchObject({
        code: 'PASSI_PORTAL_FORBIDDEN',
      });
    }
    await expect(
      organisationTrace(deps, stranger, { organisationId: EDU_A, errorId: 'err-a' }, IP),
    ).rejects.toMatchObject({ code: 'PASSI_PORTAL_FORBIDDEN' });
    const audit = await portalStores(t.db).audit.list({ limit: 3 });
    expect(audit.map((a) => [a.action, a.subject, a.organisationId, a.ip])).toEqual([
      ['access-refused', EDU_A, EDU_B, IP],
      ['access-refused', EDU_A, EDU_B, IP],
      ['access-refused', EDU_A, EDU_B, IP],
    ]);
  });

  it('a service provider sees only its services’ logins, at every school, and no data quality', async () => {
    const main = as('service-main', SVC);
    const { statistics } = await organisationStatistics(deps, main, { organisationId: SVC, from: DAY }, IP);
    expect(statistics.total).toBe(8);
    expect(statistics.byService).toEqual([{ key: 'svc-x', count: 8 }]);
    expect(statistics.byIntegration).toEqual([
      { key: '4000222', count: 5 },
      { key: '4000111', count: 3 },
    ]);
    const quality = await organisationDataQuality(deps, main, { organisationId: SVC }, IP);
    expect(quality).toMatchObject({ serviceSide: true, problems: [] });
    const trace = await organisationTrace(deps, main, { organisationId: SVC }, IP);
    expect(trace.logins.map((l) => l.serviceId)).toEqual(['svc-x', 'svc-x', 'svc-x']);
  });

  it('data quality: the education provider’s own problems per school with advice', async () => {
    const a = await organisationDataQuality(deps, as('education-main', EDU_A), { organisationId: EDU_A }, IP);
    expect(a.problems).toEqual([
      expect.objectContaining({
        integrationId: '4000111',
        school: '11111',
        code: 'LEARNER_ID_MISSING',
        logins: 1,
        ofLogins: 2,
        advice: expect.objectContaining({ sv: expect.stringContaining('Elevnumret saknas') }),
      }),
    ]);
    const b = await organisationDataQuality(deps, as('education-main', EDU_B), { organisationId: EDU_B }, IP);
    expect(b.problems.map((p) => p.code)).toEqual(['SCHOOL_UNRESOLVED']);
  });

  it('the trace finds logins by error id or by time, service and school, never another organisation’s', async () => {
    const a = as('education-viewer', EDU_A);
    const byError = (errorId: string) =>
      organisationTrace(deps, a, { organisationId: EDU_A, errorId }, IP).then((r) => r.logins);
    expect(await byError('err-a')).toEqual([
      expect.objectContaining({ outcome: 'failed:blocked', errorCode: 'PASSI_LOGIN_BLOCKED', released: [] }),
    ]);
    expect(await byError('err-b')).toEqual([]);

    const window = (input: Record<string, string>, who = a, organisationId = EDU_A) =>
      organisationTrace(deps, who, { organisationId, ...input }, IP).then((r) => r.logins.map((l) => l.at));
    // No window given: the last hour by the clock (07:00–08:00), the organisation's logins only.
    expect(await window({})).toEqual([`${DAY}T07:35:00.000Z`, `${DAY}T07:30:00.000Z`]);
    expect(await window({ from: `${DAY}T07:32`, to: `${DAY}T07:50` })).toEqual([`${DAY}T07:35:00.000Z`]);
    expect(await window({ school: '22222' })).toEqual([]);
    expect(await window({ serviceId: 'svc-y' })).toEqual([]);
    const b = as('education-main', EDU_B);
    expect(await window({ serviceId: 'svc-y' }, b, EDU_B)).toEqual([`${DAY}T07:45:00.000Z`]);
    expect(await window({ school: '22222', from: `${DAY}T07:00:00+02:00` }, b, EDU_B)).toEqual([]);
    expect(await window({ school: '22222', from: `${DAY}T07:00` }, b, EDU_B)).toEqual([
      `${DAY}T07:45:00.000Z`,
      `${DAY}T07:40:00.000Z`,
    ]);
    // An operator on A's page sees A's logins, not B's.
    expect(await window({}, as('operator', 'passi'))).toHaveLength(2);
  });

  it('operators see the whole federation on their own organisation; nobody else may ask for it', async () => {
    const operator = as('operator', 'passi');
    const { statistics } = await organisationStatistics(deps, operator, { organisationId: 'passi' }, IP);
    // Every daily row, also the cancelled logins that never reached an integration.
    expect(statistics.total).toBe(11);
    expect(statistics.byIntegration).toEqual([
      { key: '4000222', count: 5 },
      { key: '4000111', count: 4 },
      { key: '', count: 2 },
    ]);
    const quality = await organisationDataQuality(deps, operator, { organisationId: 'passi' }, IP);
    expect(new Set(quality.problems.map((p) => p.integrationId))).toEqual(new Set(['4000111', '4000222']));
    const trace = await organisationTrace(
      deps,
      operator,
      { organisationId: 'passi', from: `${DAY}T07:00`, to: `${DAY}T08:00` },
      IP,
    );
    expect(trace.logins.map((l) => l.integrationId).sort()).toEqual([
      '4000111',
      '4000111',
      '4000222',
      '4000222',
    ]);

    const main = as('education-main', EDU_A);
    await expect(organisationStatistics(deps, main, { organisationId: 'passi' }, IP)).rejects.toMatchObject({
      code: 'PASSI_PORTAL_FORBIDDEN',
    });
  });

  it('refuses a bad window or range with the reason the pages show', async () => {
    const a = as('education-viewer', EDU_A);
    const problem = (input: Record<string, string>) =>
      organisationTrace(deps, a, { organisationId: EDU_A, ...input }, IP).then(
        () => 'accepted',
        (e: unknown) => insightProblemOf(e),
      );
    expect(await problem({ from: `${DAY}T00:00`, to: `2026-03-03T00:01` })).toBe('window');
    expect(await problem({ from: '2026-01-10T00:00', to: '2026-01-10T10:00' })).toBe('retention');
    expect(await problem({ from: `${DAY}T09:00`, to: `${DAY}T08:00` })).toBe('order');
    expect(await problem({ from: '2026-02-30T10:00' })).toBe('time');
    expect(await problem({ from: 'yesterday' })).toBe('time');
    expect(await problem({ from: '2026-03-05T10:00' })).toBe('future');
    expect(await problem({ from: '2026-02-05T10:00', to: '2026-02-05T11:00' })).toBe('accepted');
    const range = (input: Record<string, string>) =>
      organisationStatistics(deps, a, { organisationId: EDU_A, ...input }, IP).then(
        () => 'accepted',
        (e: unknown) => insightProblemOf(e),
      );
    expect(await range({ from: '2026-02-30' })).toBe('date');
    expect(await range({ from: DAY, to: '2026-03-01' })).toBe('order');
    expect(await range({ from: '2020-01-01' })).toBe('range');
    expect(await range({ to: '2026-02-28' })).toBe('accepted');
  });
});
