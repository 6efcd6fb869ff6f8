import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRegistryRoutes } from '../admin/registry-routes.ts';
import { buildServer } from '../http/build-server.ts';
import { createSecretBox } from '../store/secret-box.ts';
import { createTestDb, type TestDb } from '../store/testing/test-db.ts';
import { createRegistryRepository, type RegistryRepository } from './registry-repository.ts';

const demo = readFileSync(new URL('../../demo/registry.yaml', import.meta.url), 'utf8');
const TOKEN = 'test-admin-token-0123456789abcdef0123';

/**
 * MPASSid's deployment-phase rule (github.com/Opetushallitus/MPASSid-hallintapalvelu `updateIntegration`) through the admin API, whose import is the same code as `passi import`:
 * a test integration cannot be moved to production, and the API says why and where.
 */
describe('admin API import: a test integration stays in test', () => {
  let t: TestDb;
  let repo: RegistryRepository;
  let server: FastifyInstance;
  const post = (body: string, dryRun = false) =>
    server.inject({
      method: 'POST',
      url: `/admin/api/registry/import${dryRun ? '?dryRun=true' : ''}`,
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

  it('refuses deploymentPhase production for an integration stored as test', async () => {
    const wilma = (phase: string) => `${demo}
  - id: "4000050"
    organisationOid: 1.2.246.562.99.00000000001
    type: wilma
    flowName: WilmaVaihe
    deploymentPhase: ${phase}
    settings: { kind: wilma, hostname: wilma-vaihe.example.fi }
`;
    expect((await post(wilma('test'))).statusCode).toBe(200);
    const version = await repo.version();
    for (const dryRun of [true, false]) {
      const res = await post(wilma('production'), dryRun);
      expect(res.statusCode).toBe(400);
      const body = res.json<{ error: { code: string; issues: { path: string; message: string }[] } }>();
      expect(body.error.code).toBe('PASSI_REGISTRY_INVALID');
      expect(body.error.issues).toEqual([
        {
          path: 'integrations[1].deploymentPhase',
          message:
            'integration 4000050 was created in test and cannot be moved to production; create a new integration for production',
        },
      ]);
    }
    expect(await repo.version()).toBe(version);
    const stored = (await repo.list('integration')).find((i) => i.id === '4000050');
    expect(stored?.doc.deploymentPhase).toBe('test');
  });

  it('refuses the demo test directory in production (its passwords are public)', async () => {
    const moved = demo.replace(
      '    deploymentPhase: test\n    settings:',
      '    deploymentPhase: production\n    settings:',
    );
    expect(moved).not.toBe(demo);
    const res = await post(moved);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { issues: unknown[] } }>().error.issues).toEqual([
      {
        path: 'integrations[0].type',
        message:
          'test-directory (public demo accounts and passwords) is for deploymentPhase test only, not production',
      },
    ]);
  });
});
