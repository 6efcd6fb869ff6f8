import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { integrationSchema } from '../../registry/integration-schema.ts';
import { createRegistryRepository } from '../../registry/registry-repository.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import type { Principal } from '../domain/principal.ts';
import { organisationHealth } from './organisation-health.ts';
import type { PortalDeps } from './portal-deps.ts';

const A = '1.2.246.562.99.00000000001';
const B = '1.2.246.562.99.00000000003';
const IP = '192.0.2.1';
const clock = fixedClock(new Date('2026-11-28T12:00:00Z'));

const oidc = (id: string, organisationOid: string, validUntil: string) => ({
  kind: 'integration' as const,
  doc: integrationSchema.parse({
    id,
    organisationOid,
    type: 'oidc',
    flowName: `Flow${id}`,
    settings: {
      kind: 'oidc',
      issuer: 'https://op.example.fi',
      clientId: id,
      clientSecretValidUntil: validUntil,
    },
  }),
});

describeEachStore('organisation health', (kind: TestStoreKind) => {
  let t: TestDb;
  let deps: PortalDeps;
  const principal = (over: Partial<Principal> = {}): Principal => ({
    personId: '00000000-0000-4000-8000-000000000001',
    email: 'viewer@example.fi',
    displayName: 'Viewer',
    organisationId: A,
    role: 'education-viewer',
    via: 'token',
    ...over,
  });

  beforeAll(async () => {
    t = await createTestDb(kind);
    const box = createSecretBox(randomBytes(32));
    await createRegistryRepository(t.db, box).upsertMany(
      [
        { kind: 'organisation', doc: { oid: A, name: { fi: 'A' }, roles: ['educationProvider'] } },
        { kind: 'organisation', doc: { oid: B, name: { fi: 'B' }, roles: ['educationProvider'] } },
        oidc('4000001', A, '2026-12-05'),
        oidc('4000002', A, '2027-12-05'),
        oidc('4000003', B, '2026-12-01'),
      ],
      'import',
    );
    deps = { db: t.db, box, clock, mailer: { send: async () => undefined }, publicUrl: 'https://passi.test' };
  });
  afterAll(() => t?.close());

  it('lists the organisation’s own expiring items to any of its roles; operators on passi see every organisation', async () => {
    const own = await organisationHealth(deps, principal(), A, IP);
    expect(own.items.map((i) => [i.entity.id, i.problem, i.daysLeft])).toEqual([
      ['4000001', 'client-secret-expiry', 7],
    ]);
    expect(own).toMatchObject({ everyOrganisation: false, testResultsKnown: false });
    const all = await organisationHealth(
      deps,
      principal({ role: 'operator', organisationId: 'passi' }),
      'passi',
      IP,
    );
    expect(all.items.map((i) => i.entity.id)).toEqual(['4000003', '4000001']);
    expect(all.everyOrganisation).toBe(true);
  });

  it('reports never-tested integrations once test results are wired', async () => {
    const wired = {
      ...deps,
      testLogins: { lastPassedTestAt: async (id: string) => (id === '4000002' ? clock.now() : undefined) },
    };
    const h = await organisationHealth(wired, principal(), A, IP);
    expect(h.testResultsKnown).toBe(true);
    expect(h.items.filter((i) => i.problem === 'never-tested').map((i) => i.entity.id)).toEqual(['4000001']);
  });

  it('refuses another organisation and the operators’ scope to others with 403, audited', async () => {
    await expect(organisationHealth(deps, principal(), B, IP)).rejects.toMatchObject({
      code: 'PASSI_PORTAL_FORBIDDEN',
    });
    await expect(
      organisationHealth(deps, principal({ role: 'education-main' }), 'passi', IP),
    ).rejects.toMatchObject({
      code: 'PASSI_PORTAL_FORBIDDEN',
    });
    const refused = await t.db
      .selectFrom('portal_audit')
      .select('subject')
      .where('action', '=', 'access-refused')
      .execute();
    expect(refused.map((r) => r.subject).sort()).toEqual([B, 'passi']);
  });
});
