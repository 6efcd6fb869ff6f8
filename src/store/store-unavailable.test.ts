import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { describeOnPostgres } from '../../test/support/describe-each-store.ts';
import { isStoreUnavailable } from './store-unavailable.ts';
import { TEST_POSTGRES_URL } from './testing/test-db.ts';

/** The error a real query on a fresh connection fails with (`setup` runs first on the same connection). */
async function errorOf(query: string, setup?: (c: pg.Client) => Promise<void>): Promise<unknown> {
  const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  c.on('error', () => {});
  await c.connect();
  try {
    await setup?.(c);
    await c.query(query);
    return undefined;
  } catch (e) {
    return e;
  } finally {
    await c.end().catch(() => {});
  }
}

describe('isStoreUnavailable', () => {
  it('a refused connection is an outage', async () => {
    // A port nothing listens on: bound, then closed.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise((resolve) => server.close(resolve));
    const c = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/x` });
    const e = await c.connect().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isStoreUnavailable(e)).toBe(true);
    // Wrapped as a cause (as Kysely or a store may do), still an outage.
    expect(isStoreUnavailable(new Error('could not load the flow', { cause: e }))).toBe(true);
  });

  it('programming and data errors are not', () => {
    expect(isStoreUnavailable(new Error('boom'))).toBe(false);
    expect(isStoreUnavailable('Connection terminated')).toBe(false);
    expect(isStoreUnavailable(undefined)).toBe(false);
  });

  describeOnPostgres('real PostgreSQL errors', () => {
    it('a terminated connection (pg_terminate_backend) and a statement timeout are outages', async () => {
      const terminated = await errorOf('select pg_terminate_backend(pg_backend_pid())');
      expect(isStoreUnavailable(terminated)).toBe(true);
      const timedOut = await errorOf('select pg_sleep(2)', async (c) => {
        await c.query('set statement_timeout = 50');
      });
      expect(Reflect.get(Object(timedOut), 'code')).toBe('57014');
      expect(isStoreUnavailable(timedOut)).toBe(true);
    });

    it('a syntax error, a missing table and a constraint violation are not', async () => {
      expect(isStoreUnavailable(await errorOf('selec 1'))).toBe(false);
      expect(isStoreUnavailable(await errorOf('select * from no_such_table_here'))).toBe(false);
      expect(isStoreUnavailable(await errorOf('select 1/0'))).toBe(false);
      const unique = await errorOf('insert into t values (1), (1)', async (c) => {
        await c.query('create temp table t (id int primary key)');
      });
      expect(Reflect.get(Object(unique), 'code')).toBe('23505');
      expect(isStoreUnavailable(unique)).toBe(false);
    });
  });
});
