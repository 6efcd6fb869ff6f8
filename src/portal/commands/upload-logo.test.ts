import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { integrationSchema } from '../../registry/integration-schema.ts';
import { createRegistryRepository } from '../../registry/registry-repository.ts';
import { createRegistryCache } from '../../registry/registry-snapshot.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import type { Principal } from '../domain/principal.ts';
import { createLogoStore } from '../store/logo-store.ts';
import type { PortalDeps } from './portal-deps.ts';
import { uploadLogo } from './upload-logo.ts';

const EDU = '1.2.246.562.99.00000000001';
const OTHER = '1.2.246.562.99.00000000003';
const IP = '192.0.2.1';
/** A valid 2×2 greyscale PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAAC0lEQVR4nGNgAAEAAAYAAf6MZ8gAAAAASUVORK5CYII=',
  'base64',
);

describeEachStore('logo upload', (kind: TestStoreKind) => {
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
    via: 'token',
    ...over,
  });
  const integration = (id: string, organisationOid: string) =>
    integrationSchema.parse({
      id,
      organisationOid,
      type: 'test-directory',
      flowName: `Flow${id}`,
      settings: { kind: 'test-directory' },
      discovery: { displayName: { fi: 'Koulut' }, logo: 'old-logo.png' },
      secrets: { sharedSecret: 'kept-secret' },
    });
  const stored = async (id: string) => (await repo.list('integration')).find((e) => e.id === id);

  beforeAll(async () => {
    t = await createTestDb(kind);
    const box = createSecretBox(randomBytes(32));
    repo = createRegistryRepository(t.db, box);
    await repo.upsertMany(
      [
        { kind: 'organisation', doc: { oid: EDU, name: { fi: 'A' }, roles: ['educationProvider'] } },
        { kind: 'organisation', doc: { oid: OTHER, name: { fi: 'B' }, roles: ['educationProvider'] } },
        { kind: 'integration', doc: integration('4000001', EDU) },
        { kind: 'integration', doc: integration('4000002', OTHER) },
      ],
      'import',
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

  it('stores a valid logo by its SHA-256 and names it in the discovery entry; secrets stay', async () => {
    const input = { organisationId: EDU, kind: 'integration' as const, entityId: '4000001', bytes: PNG };
    const uploaded = await uploadLogo(deps, principal(), input, IP);
    expect(uploaded.file).toMatch(/^[0-9a-f]{64}\.png$/);
    expect(uploaded).toMatchObject({ width: 2, height: 2, changed: true, url: `/logos/${uploaded.file}` });
    const now = await stored('4000001');
    expect(now?.doc.discovery.logo).toBe(uploaded.file);
    expect(now?.secrets).toEqual({ sharedSecret: 'kept-secret' });
    const logo = await createLogoStore(t.db).get(uploaded.file.slice(0, 64));
    expect(logo?.content_type).toBe('image/png');
    expect(Buffer.from(logo?.bytes ?? []).equals(PNG)).toBe(true);
    // The same bytes again: stored once, nothing changes.
    expect((await uploadLogo(deps, principal(), input, IP)).changed).toBe(false);
  });

  it('refuses a file that is not an accepted image, with the reason, and changes nothing', async () => {
    const before = await stored('4000001');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    await expect(
      uploadLogo(
        deps,
        principal(),
        { organisationId: EDU, kind: 'integration', entityId: '4000001', bytes: svg },
        IP,
      ),
    ).rejects.toMatchObject({
      code: 'PASSI_PORTAL_LOGO_INVALID',
      issues: [{ path: 'logo', message: expect.stringMatching(/^svg:/) }],
    });
    expect(await stored('4000001')).toEqual(before);
  });

  it('refuses viewers, service main users and another organisation’s integration with 403, audited', async () => {
    const before = await stored('4000002');
    const own = { organisationId: EDU, kind: 'integration' as const, entityId: '4000001', bytes: PNG };
    for (const role of ['education-viewer', 'service-main'] as const)
      await expect(uploadLogo(deps, principal({ role }), own, IP)).rejects.toMatchObject({
        code: 'PASSI_PORTAL_FORBIDDEN',
      });
    await expect(uploadLogo(deps, principal(), { ...own, entityId: '4000002' }, IP)).rejects.toMatchObject({
      code: 'PASSI_PORTAL_FORBIDDEN',
    });
    await expect(
      uploadLogo(deps, principal(), { ...own, organisationId: OTHER, entityId: '4000002' }, IP),
    ).rejects.toMatchObject({
      code: 'PASSI_PORTAL_FORBIDDEN',
    });
    expect(await stored('4000002')).toEqual(before);
    const refused = await t.db
      .selectFrom('portal_audit')
      .select('subject')
      .where('action', '=', 'access-refused')
      .execute();
    expect(refused.map((r) => r.subject).sort()).toEqual([EDU, EDU, EDU, OTHER]);
  });
});
