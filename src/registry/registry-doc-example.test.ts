import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../store/secret-box.ts';
import { createTestDb, type TestDb } from '../store/testing/test-db.ts';
import { importRegistry } from './import-registry.ts';
import { createRegistryRepository } from './registry-repository.ts';

/** docs/registry.md promises a complete example: it must import cleanly. */
describe('the example in docs/registry.md', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('embedded');
  });
  afterAll(() => t.close());

  it('imports without errors', async () => {
    const doc = readFileSync(new URL('../../docs/registry.md', import.meta.url), 'utf8');
    const yaml = /## A complete example\s+```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(yaml).toBeDefined();
    const repo = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
    const result = await importRegistry(repo, yaml ?? '', {
      publicUrl: 'https://passi.example.fi',
      now: new Date(),
      actor: 'test',
    });
    expect(result.changes.map((c) => c.action)).toEqual([
      'create',
      'create',
      'create',
      'create',
      'create',
      'create',
    ]);
  });
});
