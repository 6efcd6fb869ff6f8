import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../migrate.ts';
import { createTestDb } from '../testing/test-db.ts';

describe('migration 0600: sessions keyed by the cookie value are dropped', () => {
  it('deletes every session written before sessions were stored under a hash of the cookie', async () => {
    const t = await createTestDb('embedded');
    try {
      // The store as it was before this migration: a session row keyed by a raw cookie value.
      await sql`DELETE FROM passi_migration WHERE name = '0600-session-hashed-key'`.execute(t.db);
      const now = new Date();
      await t.db
        .insertInto('session')
        .values({
          id: 'raw-cookie-value',
          data: { id: 'raw-cookie-value' },
          created_at: now,
          expires_at: new Date(now.getTime() + 3_600_000),
        })
        .execute();
      const report = await migrateToLatest(t.db);
      expect(report.applied).toEqual(['0600-session-hashed-key']);
      expect(await t.db.selectFrom('session').selectAll().execute()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
