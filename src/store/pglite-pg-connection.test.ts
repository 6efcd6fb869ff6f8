import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type PGliteSession, pgliteInThisThread, pglitePgConfig } from './pglite-pg-connection.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** A pool on an in-memory PGlite whose session records the first byte of each message of each batch. */
async function countingPool(): Promise<{ pool: pg.Pool; batches: string[][] }> {
  const pglite = await PGlite.create();
  open.push(pglite);
  const inner = pgliteInThisThread(pglite);
  const batches: string[][] = [];
  const session: PGliteSession = {
    waitReady: inner.waitReady,
    exec(bytes) {
      const types: string[] = [];
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let at = 0; at < bytes.length; at += 1 + view.getInt32(at + 1))
        types.push(String.fromCharCode(bytes[at] ?? 0));
      batches.push(types);
      return inner.exec(bytes);
    },
  };
  const pool = new pg.Pool({ ...pglitePgConfig(session), max: 1, idleTimeoutMillis: 0 });
  open.push({ close: () => pool.end() });
  return { pool, batches };
}

describe("pg's connection to PGlite", () => {
  it('sends a statement with parameters as one batch: Parse, Bind, Describe, Execute, Sync', async () => {
    const { pool, batches } = await countingPool();
    await pool.query('select 1');
    batches.length = 0;
    const r = await pool.query('select $1::int + 1 as n', [41]);
    expect(r.rows).toEqual([{ n: 42 }]);
    expect(batches).toEqual([['P', 'B', 'D', 'E', 'S']]);
    const named = { name: 'plus_one', text: 'select $1::int + 1 as n' };
    await pool.query({ ...named, values: [1] });
    batches.length = 0;
    await pool.query({ ...named, values: [2] });
    // A named statement is parsed once: later executions send no Parse.
    expect(batches).toEqual([['B', 'D', 'E', 'S']]);
  });

  it('sends text parameters of every UTF-8 length whole, and reads them back unchanged', async () => {
    const { pool } = await countingPool();
    // One-, two-, three- and four-byte characters, a text longer than pg-protocol's first buffer, and JSON.
    const texts = [
      'abc',
      'äöå Åland',
      '€ 中文',
      '😀 emoji 🏫',
      `${'x'.repeat(70_000)}ö`,
      JSON.stringify({ n: 'Väinö' }),
    ];
    for (const text of texts) {
      const r = await pool.query('select $1::text as t, octet_length($1::text) as bytes', [text]);
      expect(r.rows[0]).toEqual({ t: text, bytes: Buffer.byteLength(text) });
    }
  });

  it('answers statements in the order they were sent, an error to its own statement only', async () => {
    const { pool } = await countingPool();
    await pool.query('create table t (id int primary key)');
    const results = await Promise.allSettled([
      pool.query('insert into t values ($1)', [1]),
      pool.query('insert into t values ($1)', [1]),
      pool.query('select count(*)::int as n from t where id = $1', [1]),
    ]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { rowCount: 1 } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: '23505', constraint: 't_pkey' } });
    expect(results[2]).toMatchObject({ status: 'fulfilled', value: { rows: [{ n: 1 }] } });
  });
});
