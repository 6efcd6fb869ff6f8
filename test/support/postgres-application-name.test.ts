import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackendCpuMeter, processCpuMs } from '../../bench/support/postgres-backend-cpu.ts';
import { TEST_POSTGRES_URL } from '../../src/store/testing/test-db.ts';
import { describeOnPostgres } from './describe-each-store.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * The proxied-login benchmark charges the PostgreSQL server's CPU for its own connections to the login
 * (docs/performance.md): the test app names its connections, and the meter finds and reads their backends.
 */
describeOnPostgres('a test app’s PostgreSQL connections, found by name and metered', () => {
  const name = `passi-test-${randomBytes(4).toString('hex')}`;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ store: 'postgresql', postgresApplicationName: name });
  });
  afterAll(() => t?.close());

  it('every connection of the app carries the name; the meter counts its backends’ CPU only', async () => {
    const { rows } = await sql<{ name: string }>`SELECT current_setting('application_name') AS name`.execute(
      t.services.db,
    );
    expect(rows[0]?.name).toBe(name);
    expect(processCpuMs(process.pid)).toBeGreaterThan(0);
    const meter = await createBackendCpuMeter({
      connectionString: TEST_POSTGRES_URL,
      applicationName: name,
      pollMs: 20,
    });
    try {
      expect(meter.available).toBe(true);
      await meter.start();
      // Work the server does for this app's connection (a few tens of ms of CPU).
      await sql`SELECT count(*) FROM generate_series(1, 3000000)`.execute(t.services.db);
      expect(await meter.stop()).toBeGreaterThan(0);
    } finally {
      await meter.close();
    }
  });
});
