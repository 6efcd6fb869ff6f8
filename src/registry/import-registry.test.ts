import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/describe-each-store.ts';
import { ValidationError } from '../core/errors.ts';
import { createSecretBox } from '../store/secret-box.ts';
import { createTestDb, type TestDb } from '../store/testing/test-db.ts';
import { exportRegistry } from './export-registry.ts';
import { formatImportResult, importRegistry } from './import-registry.ts';
import { createRegistryRepository, type RegistryRepository } from './registry-repository.ts';

const demo = readFileSync(new URL('../../demo/registry.yaml', import.meta.url), 'utf8');
const options = { publicUrl: 'http://localhost:8080', now: new Date('2026-11-28T12:00:00Z'), actor: 'test' };

describeEachStore('registry import', (kind) => {
  let t: TestDb;
  let repo: RegistryRepository;
  beforeAll(async () => {
    t = await createTestDb(kind);
    repo = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
  });
  afterAll(() => t.close());

  it('imports the demo registry, then finds nothing to change (idempotent)', async () => {
    const first = await importRegistry(repo, demo, options);
    expect(first.changes.map((c) => `${c.action} ${c.kind} ${c.id}`)).toEqual(
      expect.arrayContaining([
        'create organisation 1.2.246.562.99.00000000001',
        'create organisation 1.2.246.562.99.00000000099',
        'create serviceSet attribute-test',
        'create service attribute-test-saml',
        'create integration 4000001',
      ]),
    );
    expect(first.changes.every((c) => c.action === 'create')).toBe(true);
    const version = await repo.version();
    const second = await importRegistry(repo, demo, options);
    expect(second.changes.every((c) => c.action === 'unchanged')).toBe(true);
    expect(await repo.version()).toBe(version);
    const services = await repo.list('service');
    const saml = services.find((s) => s.id === 'attribute-test-saml')?.doc;
    expect(saml?.protocol === 'saml' && saml.saml.entityId).toBe('http://localhost:8080/test-service/saml');
  });

  it('writes an audit entry for every change', async () => {
    const rows = await t.db.selectFrom('audit_log').selectAll().where('entity_id', '=', '4000001').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.action).toBe('create');
    expect(rows[0]?.actor).toBe('test');
    expect(rows[0]?.before).toBeNull();
  });

  it('reports every error of an invalid document with its path and writes nothing', async () => {
    const bad = `
organisations:
  - oid: 1.2.246.562.99.00000000005
    name: { fi: Virheellinen }
    businessId: 0920632-1
services:
  - id: broken
    organisationOid: 1.2.246.562.99.00000000001
    name: { fi: Rikki }
    protocol: saml
    serviceSets: [no-such-set]
    saml:
      entityId: https://sp.example.fi
      authnRequestsSigned: false
      acs:
        - location: https://sp.example.fi/acs
          index: 0
integrations:
  - id: "4000002"
    organisationOid: 1.2.246.562.99.00000000001
    type: test-directory
    flowName: 9starts-with-digit
`;
    const before = await repo.version();
    const counted = await repo.count();
    try {
      await importRegistry(repo, bad, options);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const issues = (e as ValidationError).issues.map((i) => i.path).sort();
      expect(issues).toEqual([
        'integrations[0].flowName',
        'organisations[0].businessId',
        'services[0].serviceSets[0]',
      ]);
    }
    expect(await repo.version()).toBe(before);
    expect(await repo.count()).toBe(counted);
  });

  it('dry run shows the diff without writing', async () => {
    const changed = demo.replace('fi: Mansikkalan testikoulut\n', 'fi: Mansikkalan koulut\n');
    const result = await importRegistry(repo, changed, { ...options, dryRun: true });
    expect(result.changes.filter((c) => c.action === 'update')).toEqual([
      {
        action: 'update',
        kind: 'integration',
        id: '4000001',
        fields: ['discovery'],
        diff: [
          {
            path: 'discovery.displayName.fi',
            before: '"Mansikkalan testikoulut"',
            after: '"Mansikkalan koulut"',
          },
        ],
        secretsChanged: false,
      },
    ]);
    expect(formatImportResult(result)).toContain(
      '~ integration 4000001 (discovery)\n    discovery.displayName.fi: "Mansikkalan testikoulut" → "Mansikkalan koulut"\n',
    );
    const exported = await exportRegistry(repo);
    expect(exported).toContain('Mansikkalan testikoulut');
  });

  it('refuses an integration whose settings do not match its type, with every other error, writing nothing', async () => {
    const bad = `
organisations:
  - oid: 1.2.246.562.99.00000000005
    name: { fi: Virheellinen }
    businessId: 0920632-1
integrations:
  - id: "4000010"
    organisationOid: 1.2.246.562.99.00000000001
    type: wilma
    flowName: WilmaIlmanAsetuksia
  - id: "4000011"
    organisationOid: 1.2.246.562.99.00000000001
    type: adfs
    flowName: AdfsVaarallaAsetuksilla
    settings: { kind: wilma, hostname: wilma.example.fi }
  - id: "4000012"
    organisationOid: 1.2.246.562.99.00000000001
    type: google
    flowName: GoogleKoulu
    settings: { kind: saml, metadataUrl: "https://accounts.google.com/o/saml2?idpid=x" }
`;
    const before = await repo.version();
    const counted = await repo.count();
    for (const dryRun of [true, false]) {
      const error = await importRegistry(repo, bad, { ...options, dryRun }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('PASSI_REGISTRY_INVALID');
      expect((error as ValidationError).issues).toEqual([
        { path: 'organisations[0].businessId', message: expect.any(String) },
        {
          path: 'integrations[0].settings',
          message: 'is required for type wilma (settings: { kind: wilma, … })',
        },
        { path: 'integrations[1].settings.kind', message: 'must be saml for type adfs (got wilma)' },
      ]);
    }
    expect(await repo.version()).toBe(before);
    expect(await repo.count()).toBe(counted);
  });

  it('refuses a second service with the same entity id', async () => {
    const dup = demo.replace('id: attribute-test-saml', 'id: attribute-test-copy');
    await expect(importRegistry(repo, dup, options)).rejects.toThrow(/SAML entity id .* is already used/);
  });

  it('stores secrets encrypted, never exports them, and keeps them on re-import of the export', async () => {
    const withSecret = `
integrations:
  - id: "4000003"
    organisationOid: 1.2.246.562.99.00000000001
    type: wilma
    flowName: Wilma4000003
    settings: { kind: wilma, hostname: wilma.example.fi }
    secrets: { sharedSecret: very-secret-value-123 }
`;
    await importRegistry(repo, withSecret, options);
    const row = await t.db
      .selectFrom('registry_entity')
      .selectAll()
      .where('id', '=', '4000003')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row.doc)).not.toContain('very-secret');
    expect(row.secrets).not.toContain('very-secret');
    const exported = await exportRegistry(repo);
    expect(exported).not.toContain('very-secret');
    const again = await importRegistry(repo, exported, options);
    expect(again.changes.every((c) => c.action === 'unchanged')).toBe(true);
    const stored = (await repo.list('integration')).find((i) => i.id === '4000003');
    expect(stored?.secrets).toEqual({ sharedSecret: 'very-secret-value-123' });
  });
  it('dry run shows changed values before → after, and never a secret', async () => {
    const changed = `
integrations:
  - id: "4000003"
    organisationOid: 1.2.246.562.99.00000000001
    type: wilma
    flowName: Wilma4000003
    status: inactive
    settings: { kind: wilma, hostname: wilma2.example.fi }
    discovery: { tags: [wilma] }
    secrets: { sharedSecret: another-secret-value-456 }
`;
    const result = await importRegistry(repo, changed, { ...options, dryRun: true });
    expect(result.changes[0]?.diff).toEqual([
      { path: 'discovery.tags', before: '[]', after: '["wilma"]' },
      { path: 'settings.hostname', before: '"wilma.example.fi"', after: '"wilma2.example.fi"' },
      { path: 'status', before: '"active"', after: '"inactive"' },
      { path: 'secrets.sharedSecret', secret: true },
    ]);
    const text = formatImportResult(result);
    expect(text.split('\n')).toEqual([
      '~ integration 4000003 (discovery, settings, status, secrets)',
      '    discovery.tags: [] → ["wilma"]',
      '    settings.hostname: "wilma.example.fi" → "wilma2.example.fi"',
      '    status: "active" → "inactive"',
      '    secrets.sharedSecret: (changed)',
      'dry run: would apply: 0 created, 1 updated, 0 unchanged',
    ]);
    // Neither the text nor the admin API's JSON carries a secret, old or new.
    for (const shown of [text, JSON.stringify(result)]) {
      expect(shown).not.toContain('very-secret');
      expect(shown).not.toContain('another-secret');
    }
    expect((await repo.list('integration')).find((i) => i.id === '4000003')?.doc.status).toBe('active');
  });

  it('refuses to move an integration created in test to production or preproduction (docs/registry.md)', async () => {
    const wilma = (phase: string) => `
integrations:
  - id: "4000050"
    organisationOid: 1.2.246.562.99.00000000001
    type: wilma
    flowName: WilmaVaihe
    deploymentPhase: ${phase}
    settings: { kind: wilma, hostname: wilma-vaihe.example.fi }
`;
    await importRegistry(repo, wilma('test'), options);
    const before = await repo.version();
    for (const phase of ['production', 'preproduction']) {
      for (const dryRun of [true, false]) {
        const error = await importRegistry(repo, wilma(phase), { ...options, dryRun }).catch(
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).code).toBe('PASSI_REGISTRY_INVALID');
        expect((error as ValidationError).issues).toEqual([
          {
            path: 'integrations[0].deploymentPhase',
            message: `integration 4000050 was created in test and cannot be moved to ${phase}; create a new integration for ${phase}`,
          },
        ]);
      }
    }
    expect(await repo.version()).toBe(before);
    expect((await repo.list('integration')).find((i) => i.id === '4000050')?.doc.deploymentPhase).toBe(
      'test',
    );
  });

  it('accepts an integration created directly in production', async () => {
    const production = `
integrations:
  - id: "1000001"
    organisationOid: 1.2.246.562.99.00000000001
    type: wilma
    flowName: WilmaTuotanto
    deploymentPhase: production
    settings: { kind: wilma, hostname: wilma.example.fi }
`;
    const created = await importRegistry(repo, production, options);
    expect(created.changes.map((c) => c.action)).toEqual(['create']);
    const again = await importRegistry(repo, production, options);
    expect(again.changes.map((c) => c.action)).toEqual(['unchanged']);
  });
});
