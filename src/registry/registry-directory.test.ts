import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../store/secret-box.ts';
import { createTestDb, type TestDb } from '../store/testing/test-db.ts';
import { importRegistry } from './import-registry.ts';
import { integrationSchema } from './integration-schema.ts';
import { createRegistryDirectory, toUpstreamIntegration } from './registry-directory.ts';
import { createRegistryRepository, type RegistryRepository } from './registry-repository.ts';
import { createRegistryCache } from './registry-snapshot.ts';

const demo = readFileSync(new URL('../../demo/registry.yaml', import.meta.url), 'utf8');
const options = { publicUrl: 'http://localhost:8080', now: new Date(), actor: 'test' };

/** Production and pre-production schools next to the demo's test school, and one service per phase. */
const PHASES = `
serviceSets:
  - id: learning
    name: { fi: Oppimateriaalit }
    organisationOid: 1.2.246.562.99.00000000099
services:
  - id: prod-service
    organisationOid: 1.2.246.562.99.00000000099
    name: { fi: Tuotantopalvelu }
    protocol: saml
    deploymentPhase: production
    serviceSets: [learning]
    saml:
      entityId: https://prod.example.org/sp
      acs: [{ location: "https://prod.example.org/acs", index: 0, isDefault: true }]
      authnRequestsSigned: false
  - id: test-service
    organisationOid: 1.2.246.562.99.00000000099
    name: { fi: Testipalvelu }
    protocol: saml
    deploymentPhase: test
    serviceSets: [learning]
    saml:
      entityId: https://test.example.org/sp
      acs: [{ location: "https://test.example.org/acs", index: 0, isDefault: true }]
      authnRequestsSigned: false
integrations:
  - id: "1000201"
    organisationOid: 1.2.246.562.99.00000000001
    type: wilma
    flowName: MansikkalaProd
    deploymentPhase: production
    settings: { kind: wilma, hostname: prod.inschool.example.fi }
  - id: "1000202"
    organisationOid: 1.2.246.562.99.00000000001
    type: wilma
    flowName: MansikkalaPreprod
    deploymentPhase: preproduction
    settings: { kind: wilma, hostname: preprod.inschool.example.fi }
`;

/** A production service never sees test integrations, and a test service never production ones. */
describe('deployment phases in the integration directory', () => {
  let t: TestDb;
  let directory: ReturnType<typeof createRegistryDirectory>;
  let repo: RegistryRepository;
  beforeAll(async () => {
    t = await createTestDb('embedded');
    repo = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
    await importRegistry(repo, demo, options);
    await importRegistry(repo, PHASES, options);
    directory = createRegistryDirectory(createRegistryCache(repo));
  });
  afterAll(() => t?.close());

  const ids = async (serviceId: string) =>
    (await directory.candidates(serviceId, [])).map((i) => i.id).sort();

  it('a production service is offered production and pre-production schools only', async () => {
    expect(await ids('prod-service')).toEqual(['1000201', '1000202']);
  });

  it('a test service is offered test schools only', async () => {
    expect(await ids('test-service')).toEqual(['4000001']);
  });

  it('a test service marked alwaysAllowed is still offered test schools only', async () => {
    expect(await ids('attribute-test-saml')).toEqual(['4000001']);
    expect(await ids('attribute-test-oidc')).toEqual(['4000001']);
  });

  it('a test-directory integration stored in production before the import refused it serves nobody', async () => {
    const legacy = integrationSchema.parse({
      id: '1000203',
      organisationOid: '1.2.246.562.99.00000000001',
      type: 'test-directory',
      flowName: 'LegacyDemoProd',
      deploymentPhase: 'test',
    });
    // Written as an older Passi could have stored it: the repository stores documents as given.
    await repo.upsertMany(
      [{ kind: 'integration', doc: { ...legacy, deploymentPhase: 'production' } }],
      'test',
    );
    expect(await ids('prod-service')).toEqual(['1000201', '1000202']);
    expect(await ids('test-service')).toEqual(['4000001']);
  });
});

const entryOf = () => ({
  integration: integrationSchema.parse({
    id: '4000001',
    type: 'adfs',
    flowName: 'Kaupunki',
    organisationOid: '1.2.246.562.99.00000000001',
    settings: { kind: 'saml', metadataUrl: 'https://adfs.example.fi/m' },
  }),
  secrets: {},
});

describe('the settings the directory hands to the connectors', () => {
  it('are one frozen copy per registry entry, so what a connector derives from them is kept', () => {
    const e = entryOf();
    const a = toUpstreamIntegration(e);
    const b = toUpstreamIntegration(e);
    expect(b.settings).toBe(a.settings);
    expect(a.settings).not.toBe(e.integration.settings);
    expect(a.settings).toEqual(e.integration.settings);
    // No connector can change the registry's settings, nor the copy every later lookup gets.
    expect(Object.isFrozen(a.settings)).toBe(true);
    expect(Reflect.set(a.settings, 'metadataUrl', 'https://evil.example/m')).toBe(false);
    expect(b.settings.metadataUrl).toBe('https://adfs.example.fi/m');
  });

  it('another entry (a registry change) gets its own copy', () => {
    expect(toUpstreamIntegration(entryOf()).settings).not.toBe(toUpstreamIntegration(entryOf()).settings);
  });
});
