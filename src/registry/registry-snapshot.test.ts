import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../store/secret-box.ts';
import { createTestDb, type TestDb } from '../store/testing/test-db.ts';
import { importRegistry } from './import-registry.ts';
import { createRegistryRepository, type RegistryRepository } from './registry-repository.ts';
import { createRegistryCache } from './registry-snapshot.ts';

const demo = readFileSync(new URL('../../demo/registry.yaml', import.meta.url), 'utf8');
const options = { publicUrl: 'http://localhost:8080', now: new Date(), actor: 'test' };

describe('registry cache', () => {
  let t: TestDb;
  let repo: RegistryRepository;
  beforeAll(async () => {
    t = await createTestDb('embedded');
    repo = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
  });
  afterAll(() => t.close());

  it('serves every request after a change the new registry, also requests arriving together', async () => {
    const cache = createRegistryCache(repo);
    cache.setListening(true);
    expect((await cache.current()).services.size).toBe(0);
    await importRegistry(repo, demo, options);
    const seen = await Promise.all([cache.current(), cache.current(), cache.current(), cache.current()]);
    for (const s of seen) expect(s.services.has('attribute-test-saml')).toBe(true);
  });

  it('re-reads the version on every call while not listening (another process may have written)', async () => {
    const cache = createRegistryCache(repo);
    const before = await cache.current();
    const other = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
    await importRegistry(
      other,
      demo.replace('fi: Mansikkalan testikoulut\n', 'fi: Mansikkalan koulut\n'),
      options,
    );
    const after = await cache.current();
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.integrations.get('4000001')?.integration.discovery.displayName?.fi).toBe(
      'Mansikkalan koulut',
    );
  });
});
