import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/describe-each-store.ts';
import { openStore } from '../store/open-store.ts';
import { createSecretBox } from '../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../store/testing/test-db.ts';
import { ensureKeys, type KeySet } from './key-store.ts';

const options = { signingKeyType: 'rsa-2048', commonName: 'passi.test' } as const;

function keyStoreSuite(kind: TestStoreKind) {
  let t: TestDb;
  const box = createSecretBox(randomBytes(32));
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.close());
  // Every case starts as a first boot: no keys yet.
  beforeEach(async () => {
    await t.db.deleteFrom('signing_key').execute();
  });

  /**
   * Two nodes calling ensureKeys at once. On PostgreSQL they are two pools on the same schema, held at a
   * gate (the signing_key table locked by a third connection) until both are inside ensureKeys at the same
   * time: both reading which keys exist. Released together, both generate keys and then race for the
   * advisory lock. PGlite is a single connection, so there the two calls can only queue.
   */
  async function twoNodesAtOnce(): Promise<KeySet[]> {
    if (kind === 'embedded' || !t.url) {
      return Promise.all([ensureKeys(t.db, box, options), ensureKeys(t.db, box, options)]);
    }
    const applicationName = `passi_keys_${randomBytes(4).toString('hex')}`;
    const nodeUrl = new URL(t.url);
    nodeUrl.searchParams.set('application_name', applicationName);
    const nodes = await Promise.all([
      openStore({ databaseUrl: nodeUrl.toString(), dataDir: '' }),
      openStore({ databaseUrl: nodeUrl.toString(), dataDir: '' }),
    ]);
    const gate = new pg.Client({ connectionString: t.url });
    await gate.connect();
    let running: Promise<KeySet>[] = [];
    try {
      await gate.query('begin');
      await gate.query('lock table signing_key in access exclusive mode');
      running = nodes.map((node) => ensureKeys(node.db, box, options));
      await expect
        .poll(async () => {
          const { rows } = await gate.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'`,
            [applicationName],
          );
          return rows[0]?.n;
        })
        .toBe(2);
      await gate.query('commit');
      return await Promise.all(running);
    } finally {
      await gate.end();
      await Promise.allSettled(running);
      await Promise.all(nodes.map((node) => node.close()));
    }
  }

  it('generates separate SAML signing, SAML encryption and OIDC (RS256 + ES256) keys once, stored encrypted', async () => {
    const first = await ensureKeys(t.db, box, options);
    expect(first.keys.map((k) => `${k.use}/${k.alg}/${k.state}`).sort()).toEqual([
      'oidc-sig/ES256/active',
      'oidc-sig/RS256/active',
      'saml-enc/RS256/active',
      'saml-sig/RS256/active',
    ]);
    expect(new Set(first.keys.map((k) => k.kid)).size).toBe(4);
    expect(first.samlSigning.alg).toBe('RS256');
    const second = await ensureKeys(t.db, box, options);
    expect(second.keys.map((k) => k.kid).sort()).toEqual(first.keys.map((k) => k.kid).sort());
    const rows = await t.db.selectFrom('signing_key').select('private_encrypted').execute();
    for (const r of rows) expect(r.private_encrypted).not.toContain('PRIVATE KEY');
  });

  it('nodes starting at once generate one set of keys (advisory lock), and both load that set', async () => {
    const [a, b] = await twoNodesAtOnce();
    expect(a?.keys.map((k) => `${k.use}/${k.alg}/${k.state}`).sort()).toEqual([
      'oidc-sig/ES256/active',
      'oidc-sig/RS256/active',
      'saml-enc/RS256/active',
      'saml-sig/RS256/active',
    ]);
    expect(b?.keys.map((k) => k.kid).sort()).toEqual(a?.keys.map((k) => k.kid).sort());
    expect(await t.db.selectFrom('signing_key').select('kid').execute()).toHaveLength(4);
  });

  // PGlite is one connection in one process: no other node can hold the lock there.
  if (kind === 'postgresql')
    it("a node waiting for another node's key generation is not cut by the statement timeout", async () => {
      const url = new URL(t.url ?? '');
      const applicationName = `passi_keys_${randomBytes(4).toString('hex')}`;
      url.searchParams.set('application_name', applicationName);
      const node = await openStore({
        databaseUrl: url.toString(),
        dataDir: '',
        postgres: { statementTimeoutMs: 300 },
      });
      const holder = new pg.Client({ connectionString: t.url });
      await holder.connect();
      try {
        // Another node holds the key-generation lock for longer than this node's statement timeout.
        await holder.query('select pg_advisory_lock(7311001)');
        const running = ensureKeys(node.db, box, options);
        running.catch(() => {});
        await expect
          .poll(async () => {
            const { rows } = await holder.query<{ n: number }>(
              'select count(*)::int as n from pg_stat_activity where application_name = $1 and xact_start is not null',
              [applicationName],
            );
            return rows[0]?.n;
          })
          .toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await holder.query('select pg_advisory_unlock(7311001)');
        expect((await running).keys).toHaveLength(4);
      } finally {
        await holder.end();
        await node.close();
      }
    });
}

describeEachStore('key store', keyStoreSuite);
