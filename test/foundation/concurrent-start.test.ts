import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { expect, it } from 'vitest';
import { TEST_POSTGRES_URL, withSearchPath } from '../../src/store/testing/test-db.ts';
import { describeOnPostgres } from '../support/describe-each-store.ts';
import { type PassiProcess, startPassiProcess } from '../support/passi-process.ts';

describeOnPostgres('three nodes starting at once on an empty PostgreSQL schema', () => {
  it('all become ready, with one set of keys and one demo import', async () => {
    const schema = `t_start_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const nodes: PassiProcess[] = [];
    try {
      const deployment = {
        databaseUrl: withSearchPath(TEST_POSTGRES_URL, schema),
        secretKey: randomBytes(32).toString('base64'),
        publicUrl: 'http://passi.test',
      };
      const started = await Promise.allSettled([1, 2, 3].map(() => startPassiProcess(deployment)));
      for (const s of started) if (s.status === 'fulfilled') nodes.push(s.value);
      const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
      expect(failures).toEqual([]);

      const count = async (sql: string) => (await admin.query(sql)).rows[0]?.n;
      // One active key per use and algorithm: SAML signing, SAML encryption, OIDC RS256 and ES256.
      expect(await count(`select count(*)::int as n from ${schema}.signing_key`)).toBe(4);
      // The demo registry was written by one node only: every entity created once.
      expect(
        await count(
          `select count(*)::int as n from ${schema}.audit_log where action = 'create' group by entity_kind, entity_id order by 1 desc limit 1`,
        ),
      ).toBe(1);
      expect(await count(`select count(*)::int as n from ${schema}.registry_entity`)).toBeGreaterThan(0);
    } finally {
      for (const n of nodes) n.stop();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }, 400_000);
});
