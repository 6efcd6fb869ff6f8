import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeOnPostgres } from '../../test/support/describe-each-store.ts';
import { createTestDb, TEST_POSTGRES_URL } from './testing/test-db.ts';

describeOnPostgres('schema introspection while another schema is dropped', () => {
  // Kysely's stock introspector lists every schema of the database and calls has_schema_privilege(name) on
  // each. A catalog query reads the statement's MVCC snapshot while that function looks the name up in the
  // current catalog, so a schema dropped in between fails the whole query with "schema … does not exist":
  // another installation's (or test suite's) drop broke this node's migrations. The REPEATABLE READ
  // transaction below holds the snapshot open across the drop, which makes that window certain.
  it('lists the own schema only, and another schema dropped meanwhile does not break it', async () => {
    const t = await createTestDb('postgresql');
    const other = `t_gone_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    try {
      await admin.query(`create schema ${other}; create table ${other}.leftover (id int)`);
      const own = (await sql<{ s: string }>`select current_schema() as s`.execute(t.db)).rows[0]?.s;
      const tables = await t.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          await sql`select 1`.execute(trx);
          await admin.query(`drop schema ${other} cascade`);
          return trx.introspection.getTables({ withInternalKyselyTables: true });
        });
      expect(new Set(tables.map((table) => table.schema))).toEqual(new Set([own]));
      const names = tables.map((table) => table.name);
      expect(names).toContain('passi_migration');
      expect(names).toContain('registry_entity');
      const id = tables
        .find((table) => table.name === 'passi_migration')
        ?.columns.find((c) => c.name === 'name');
      expect(id).toMatchObject({ dataType: 'varchar', isNullable: false });
    } finally {
      await admin.query(`drop schema if exists ${other} cascade`);
      await admin.end();
      await t.close();
    }
  });
});
