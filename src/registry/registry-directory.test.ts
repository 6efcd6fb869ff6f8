import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../store/secret-box.ts';
import { createTestDb, type TestDb } from '../store/testing/test-db.ts';
import { importRegistry } from './import-registry.ts';
import { createRegistryDirectory } from './registry-directory.ts';
import { createRegistryRepository } from './registry-repository.ts';
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
  - id: "4000201"
    organisationOid: 1.2.246.562.99.00000000001
    type: test-directory
    flowName: MansikkalaProd
    deploymentPhase: production
  - id: "4000202"
    organisationOid: 1.2.246.562.99.00000000001
    type: test-directory
    flowName: MansikkalaPreprod
    deploymentPhase: preproduction
`;

/** issue 7 §4: a production service never sees test integrations, and a test service never production ones. */
describe('deployment phases in the integration directory', () => {
  let t: TestDb;
  let directory: ReturnType<typeof createRegistryDirectory>;
  beforeAll(async () => {
    t = await createTestDb('embedded');
    const repo = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
    await importRegistry(repo, demo, options);
    await importRegistry(repo, PHASES, options);
    directory = createRegistryDirectory(createRegistryCache(repo));
  });
  afterAll(() => t?.close());

  const ids = async (serviceId: string) =>
    (await directory.candidates(serviceId, [])).map((i) => i.id).sort();

  it('a production service is offered production and pre-production schools only', async () => {
    expect(await ids('prod-service')).toEqual(['4000201', '4000202']);
  });

  it('a test service is offered test schools only', async () => {
    expect(await ids('test-service')).toEqual(['4000001']);
  });

  it('the built-in attribute test service is offered every school (it is how schools check a phase)', async () => {
    expect(await ids('attribute-test-saml')).toEqual(['4000001', '4000201', '4000202']);
  });
});
