import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import type { Integration } from '../../registry/integration-schema.ts';
import { createRegistryRepository } from '../../registry/registry-repository.ts';
import { createRegistryCache } from '../../registry/registry-snapshot.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import type { Principal } from '../domain/principal.ts';
import type { PortalDeps } from './portal-deps.ts';
import { entityHistory, restoreVersion } from './registry-history.ts';

const EDU = '1.2.246.562.99.00000000001';
const OTHER = '1.2.246.562.99.00000000003';
const IP = '192.0.2.1';

const integration = (over: Partial<Integration> = {}): Integration =>
  ({
    id: '4000001',
    organisationOid: EDU,
    type: 'test-directory',
    flowName: 'MansikkalaTest',
    deploymentPhase: 'test',
    settings: { kind: 'test-directory' },
    discovery: {
      displayName: { fi: 'Ensimmäinen' },
      showSchools: true,
      schools: [],
      excludedSchools: [],
      institutionTypes: [],
      tags: [],
    },
    allowedServices: [],
    ...over,
  }) as Integration;

describeEachStore('integration and service history', (kind: TestStoreKind) => {
  let t: TestDb;
  let deps: PortalDeps;
  let repo: ReturnType<typeof createRegistryRepository>;
  const clock = fixedClock(new Date('2026-03-02T08:00:00Z'));
  const principal = (over: Partial<Principal> = {}): Principal => ({
    personId: '00000000-0000-4000-8000-000000000001',
    email: 'main@example.fi',
    displayName: 'Main',
    organisationId: EDU,
    role: 'education-main',
    via: 'session',
    authenticatedAt: clock.now(),
    ...over,
  });
  const versionIds = async () =>
    (
      await entityHistory(
        deps,
        principal(),
        { organisationId: EDU, kind: 'integration', entityId: '4000001' },
        IP,
      )
    ).versions.map((v) => v.id);
  const stored = async () => (await repo.list('integration')).find((e) => e.id === '4000001');
  const refusals = () =>
    t.db.selectFrom('portal_audit').select(['subject']).where('action', '=', 'access-refused').execute();

  beforeAll(async () => {
    t = await createTestDb(kind);
    const box = createSecretBox(randomBytes(32));
    repo = createRegistryRepository(t.db, box);
    await repo.upsertMany(
      [
        { kind: 'organisation', doc: { oid: EDU, name: { fi: 'Koulutus' }, roles: ['educationProvider'] } },
        { kind: 'organisation', doc: { oid: OTHER, name: { fi: 'Toinen' }, roles: ['educationProvider'] } },
        { kind: 'integration', doc: integration({ secrets: { sharedSecret: 'first-secret-value' } }) },
        {
          kind: 'integration',
          doc: integration({ id: '4000002', organisationOid: OTHER, flowName: 'OtherTest' }),
        },
      ],
      'import',
    );
    await repo.upsertMany(
      [
        {
          kind: 'integration',
          doc: integration({
            deploymentPhase: 'production',
            discovery: { ...integration().discovery, displayName: { fi: 'Toinen nimi' } },
            secrets: { sharedSecret: 'second-secret-value' },
          }),
        },
      ],
      'portal:other@example.fi',
    );
    deps = {
      db: t.db,
      box,
      clock,
      mailer: { send: async () => undefined },
      publicUrl: 'https://passi.test',
      registry: { cache: createRegistryCache(repo), repo },
    };
  });
  afterAll(() => t?.close());

  it('lists versions newest first with who, when and field changes; secrets only as "changed", never their values', async () => {
    const history = await entityHistory(
      deps,
      principal({ role: 'education-viewer' }),
      { organisationId: EDU, kind: 'integration', entityId: '4000001' },
      IP,
    );
    expect(history.versions.map((v) => [v.action, v.who, v.current, v.restorable])).toEqual([
      ['update', 'portal:other@example.fi', true, false],
      ['create', 'import', false, true],
    ]);
    const [newest] = history.versions;
    expect(newest?.changes).toContainEqual({
      path: 'deploymentPhase',
      before: '"test"',
      after: '"production"',
    });
    expect(newest?.changes).toContainEqual({ path: 'secrets.sharedSecret', secret: true });
    expect(JSON.stringify(history)).not.toMatch(/first-secret-value|second-secret-value/);
  });

  it('restores an earlier version as a new audited change; the current secrets stay', async () => {
    const [, first] = await versionIds();
    if (!first) throw new Error('no earlier version');
    const result = await restoreVersion(
      deps,
      principal(),
      { organisationId: EDU, kind: 'integration', entityId: '4000001', versionId: first },
      IP,
    );
    expect(result).toEqual({ changed: true });
    const now = await stored();
    expect(now?.doc.deploymentPhase).toBe('test');
    expect(now?.doc.discovery.displayName).toEqual({ fi: 'Ensimmäinen' });
    expect(now?.secrets).toEqual({ sharedSecret: 'second-secret-value' });
    const history = await entityHistory(
      deps,
      principal(),
      { organisationId: EDU, kind: 'integration', entityId: '4000001' },
      IP,
    );
    expect(history.versions).toHaveLength(3);
    expect(history.versions[0]?.who).toBe('portal:main@example.fi');
    const audit = await t.db
      .selectFrom('portal_audit')
      .selectAll()
      .where('action', '=', 'registry-version-restored')
      .execute();
    expect(audit.map((a) => [a.subject, a.detail])).toEqual([
      ['integration 4000001', { versionId: first, changed: true }],
    ]);
  });

  it('refuses a version that no longer validates, with the reason, and changes nothing', async () => {
    const legacy = { ...integration(), deploymentPhase: 'beta' };
    const inserted = await t.db
      .insertInto('audit_log')
      .values({
        actor: 'import',
        action: 'update',
        entity_kind: 'integration',
        entity_id: '4000001',
        before: null,
        after: legacy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = await stored();
    await expect(
      restoreVersion(
        deps,
        principal(),
        { organisationId: EDU, kind: 'integration', entityId: '4000001', versionId: String(inserted.id) },
        IP,
      ),
    ).rejects.toMatchObject({
      code: 'PASSI_PORTAL_VERSION_INVALID',
      issues: [expect.objectContaining({ path: 'deploymentPhase' })],
    });
    expect(await stored()).toEqual(before);
  });

  it('refuses viewers, service main users and other organisations’ entities with 403, audited, nothing changed', async () => {
    const [, first] = await versionIds();
    if (!first) throw new Error('no earlier version');
    const before = await stored();
    const input = {
      organisationId: EDU,
      kind: 'integration' as const,
      entityId: '4000001',
      versionId: first,
    };
    for (const role of ['education-viewer', 'service-main'] as const) {
      await expect(restoreVersion(deps, principal({ role }), input, IP)).rejects.toMatchObject({
        code: 'PASSI_PORTAL_FORBIDDEN',
      });
    }
    // Another organisation's integration named under one's own organisation.
    const otherVersion = (
      await entityHistory(
        deps,
        principal({ role: 'operator', organisationId: 'passi' }),
        { organisationId: OTHER, kind: 'integration', entityId: '4000002' },
        IP,
      )
    ).versions[0]?.id;
    await expect(
      restoreVersion(
        deps,
        principal(),
        { ...input, entityId: '4000002', versionId: otherVersion ?? '1' },
        IP,
      ),
    ).rejects.toMatchObject({ code: 'PASSI_PORTAL_FORBIDDEN' });
    await expect(
      entityHistory(deps, principal(), { organisationId: EDU, kind: 'integration', entityId: '4000002' }, IP),
    ).rejects.toMatchObject({ code: 'PASSI_PORTAL_FORBIDDEN' });
    // Another organisation in the URL.
    await expect(
      entityHistory(
        deps,
        principal(),
        { organisationId: OTHER, kind: 'integration', entityId: '4000002' },
        IP,
      ),
    ).rejects.toMatchObject({ code: 'PASSI_PORTAL_FORBIDDEN' });
    // A version id of another entity is not found under this one.
    await expect(
      restoreVersion(deps, principal(), { ...input, versionId: otherVersion ?? '1' }, IP),
    ).rejects.toMatchObject({ code: 'PASSI_NOT_FOUND' });
    expect(await stored()).toEqual(before);
    const subjects = (await refusals()).map((r) => r.subject);
    expect(subjects.filter((s) => s === EDU).length).toBeGreaterThanOrEqual(4);
    expect(subjects).toContain(OTHER);
  });
});
