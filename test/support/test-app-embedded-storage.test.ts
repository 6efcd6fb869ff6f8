import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestApp } from './test-app.ts';

/**
 * The benchmarks measure the embedded store as `npm start` runs it, on its data folder
 * (docs/performance.md "The embedded store on disk"); the tests keep the faster in-memory PGlite.
 */
describe('a test app’s embedded store: in memory, or on its data folder', () => {
  it('on disk, the rows a login writes reach the data folder and are read back after a restart', async () => {
    // A restart of one deployment: the same data folder and the same secret key.
    const secretKey = randomBytes(32).toString('base64');
    const t = await createTestApp({ embeddedOnDisk: true, secretKey });
    const dataDir = t.config.dataDir;
    try {
      expect(t.services.store.kind).toBe('embedded');
      await sql`CREATE TABLE bench_probe (v text)`.execute(t.services.db);
      await sql`INSERT INTO bench_probe VALUES ('kept')`.execute(t.services.db);
    } finally {
      await t.close();
    }
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    const again = await createTestApp({ embeddedOnDisk: true, secretKey, config: { dataDir } });
    try {
      const { rows } = await sql<{ v: string }>`SELECT v FROM bench_probe`.execute(again.services.db);
      expect(rows).toEqual([{ v: 'kept' }]);
    } finally {
      await again.close();
    }
  });

  it('by default the tests’ store is in memory: nothing is written to the data folder', async () => {
    const t = await createTestApp();
    try {
      expect(t.services.store.kind).toBe('embedded');
    } finally {
      await t.close();
    }
    expect(existsSync(join(t.config.dataDir, 'pglite'))).toBe(false);
  });
});
