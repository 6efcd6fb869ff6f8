import { describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/test-db.ts';
import { migrations } from './index.ts';

describe('migration 0600: sessions keyed by the cookie value are dropped', () => {
  it('deletes every session written before sessions were stored under a hash of the cookie', async () => {
    const t = await createTestDb('embedded');
    try {
      // A session row as the store held it before this migration: keyed by a raw cookie value.
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
      const migration = migrations['0600-session-hashed-key'];
      expect(migration).toBeDefined();
      await migration?.up(t.db);
      expect(await t.db.selectFrom('session').selectAll().execute()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
