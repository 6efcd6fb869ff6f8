import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../http/build-server.ts';
import { createRegistryRepository, type RegistryRepository } from '../registry/registry-repository.ts';
import { createSecretBox } from '../store/secret-box.ts';
import { createTestDb, type TestDb } from '../store/testing/test-db.ts';
import { adminRegistryRoutes } from './registry-routes.ts';

const TOKEN = 'test-admin-token-0123456789abcdef0123';

const integration = (id: string, flowName: string) => `
  - id: "${id}"
    organisationOid: 1.2.246.562.99.00000000001
    type: wilma
    flowName: ${flowName}
    settings: { kind: wilma, hostname: ${flowName.toLowerCase()}.example.fi }`;

const doc = (...integrations: string[]) => `
organisations:
  - oid: 1.2.246.562.99.00000000001
    name: { fi: Mansikkala }
    roles: [educationProvider]
integrations:${integrations.join('')}
`;

/** The admin API runs the same import as `passi import`: ids that could make two schools' uids equal are refused. */
describe('admin API import: integration ids', () => {
  let t: TestDb;
  let repo: RegistryRepository;
  let server: FastifyInstance;
  const post = (body: string) =>
    server.inject({
      method: 'POST',
      url: '/admin/api/registry/import',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/yaml' },
      body,
    });

  beforeAll(async () => {
    t = await createTestDb('embedded');
    repo = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
    server = await buildServer({
      logLevel: 'silent',
      trustProxy: false,
      readiness: async () => ({ ready: true, checks: {} }),
      routes: {
        protocol: [],
        pages: [],
        admin: [
          adminRegistryRoutes({
            adminToken: TOKEN,
            repo: () => repo,
            publicUrl: 'http://localhost:8080',
            now: () => new Date('2026-11-28T12:00:00Z'),
          }),
        ],
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('refuses 400000 next to 4000001 (400000 + "1u" and 4000001 + "u" would hash alike) and writes nothing', async () => {
    const res = await post(doc(integration('4000001', 'Seitseman'), integration('400000', 'Kuusi')));
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; issues: { path: string; message: string }[] } }>();
    expect(body.error.code).toBe('PASSI_REGISTRY_INVALID');
    expect(body.error.issues).toEqual([
      {
        path: 'integrations[1].id',
        message:
          'must be a 7-digit integration id (e.g. 4000001): urn:mpass.id:uid hashes the id and the user name together',
      },
    ]);
    expect(await repo.count()).toBe(0);
  });

  it('accepts 7-digit ids', async () => {
    const res = await post(doc(integration('4000001', 'Seitseman'), integration('4000011', 'Toinen')));
    expect(res.statusCode).toBe(200);
    expect((await repo.list('integration')).map((i) => i.id)).toEqual(['4000001', '4000011']);
  });
});
