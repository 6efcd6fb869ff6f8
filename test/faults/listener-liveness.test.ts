import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { createTestDb, TEST_POSTGRES_URL, type TestDb } from '../../src/store/testing/test-db.ts';
import { describeOnPostgres } from '../support/describe-each-store.ts';
import { type PausableTcpProxy, startPausableTcpProxy } from './support/pausable-tcp-proxy.ts';

/**
 * The change-notification connection is proven alive (docs/operations.md "When the database is
 * unavailable"): one a firewall silently forgot is noticed within the check interval plus the connect
 * timeout, replaced, and notifications flow again.
 */
describeOnPostgres('LISTEN connection liveness', () => {
  let t: TestDb;
  let proxy: PausableTcpProxy;
  let store: Store;

  beforeAll(async () => {
    t = await createTestDb('postgresql');
    const target = new URL(TEST_POSTGRES_URL);
    proxy = await startPausableTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(t.url ?? '');
    url.host = `127.0.0.1:${proxy.port}`;
    store = await openStore({
      databaseUrl: url.toString(),
      dataDir: '',
      postgres: { listenCheckMs: 300, connectTimeoutMs: 500 },
    });
  });
  afterAll(async () => {
    await store?.close();
    await proxy?.close();
    await t?.close();
  });

  it('a stalled LISTEN connection is reported, replaced, and notifications arrive again', async () => {
    const states: boolean[] = [];
    let notified = 0;
    const stop = await store.listen(
      'fault_channel',
      () => notified++,
      (listening) => states.push(listening),
    );
    try {
      expect(states).toEqual([true]);
      expect(proxy.stallListeners()).toBe(1);
      const stalledAt = Date.now();
      await expect.poll(() => states.includes(false), { timeout: 3000 }).toBe(true);
      expect(Date.now() - stalledAt).toBeLessThan(2000);
      await expect.poll(() => states.at(-1), { timeout: 5000 }).toBe(true);
      const before = notified;
      await sql`select pg_notify('fault_channel', '')`.execute(t.db);
      await expect.poll(() => notified, { timeout: 3000 }).toBeGreaterThan(before);
    } finally {
      await stop();
    }
  });
});
