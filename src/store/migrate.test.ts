import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { describeOnPostgres } from '../../test/support/describe-each-store.ts';
import { migrateToLatest, migrationsComplete } from './migrate.ts';
import { openStore } from './open-store.ts';
import { createTestDb, TEST_POSTGRES_URL, withSearchPath } from './testing/test-db.ts';

describe('migrations on the embedded store', () => {
  it('apply once and report completion', async () => {
    const t = await createTestDb('embedded');
    try {
      expect(await migrationsComplete(t.db)).toBe(true);
      const again = await migrateToLatest(t.db);
      expect(again.applied).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describeOnPostgres('migrations on PostgreSQL', () => {
  it('two concurrent migrate runs both succeed and leave one schema', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const url = withSearchPath(TEST_POSTGRES_URL, schema);
    const a = await openStore({ databaseUrl: url, dataDir: '' });
    const b = await openStore({ databaseUrl: url, dataDir: '' });
    try {
      const [ra, rb] = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
      // Exactly one run applied the migrations; the other found them done.
      expect([...ra.applied, ...rb.applied].sort()).toEqual([...ra.current].sort());
      expect(ra.current).toEqual(rb.current);
      const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
        where table_schema = ${schema} and table_name = 'registry_entity'`.execute(a.db);
      expect(tables.rows[0]?.n).toBe(1);
      expect(await migrationsComplete(a.db)).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  });
});
