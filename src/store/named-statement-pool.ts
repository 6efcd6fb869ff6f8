import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** Distinct statement texts kept as named prepared statements, at most (each holds a plan in the database). */
export const MAX_NAMED_STATEMENTS = 256;
/** Texts remembered as seen once; the memory is emptied when it reaches this size. */
const MAX_SEEN_ONCE = 4096;

/**
 * SQLSTATE 0A000 "cached plan must not change result type": a table a prepared statement reads was
 * altered so that its rows changed shape (PostgreSQL: PREPARE, "Notes"). The statement did nothing.
 */
const CACHED_PLAN_CHANGED = '0A000';

/**
 * A pool for Kysely that sends a parameterised statement text it has seen before as a named prepared
 * statement (the extended protocol's Parse with a name: PostgreSQL, "Message Flow", "Extended Query"). The
 * database then parses and analyses that text once per connection instead of on every execution, and `pg`
 * skips the Parse message (docs/performance.md "Named statements on the embedded store", "The PostgreSQL
 * store: prepared statements and one read of the grant"). The embedded store always uses it; a PostgreSQL
 * store unless PASSI_DATABASE_PREPARED_STATEMENTS is off (a pooler in transaction mode that does not keep
 * them would hand the next statement to a server connection that never saw its Parse).
 *
 * - Only statements with parameters are named: those are the repeated data statements; transaction
 *   control, `SET` and DDL carry none and are sent as they are.
 * - A text is named on its second use, so one-off statements (a report's query with its own IN list)
 *   never hold a plan; at most `maxNamed` texts are named, later ones are sent unnamed.
 * - A named statement refused with 0A000 (a migration changed a table under it, on this node or, during
 *   a rolling upgrade, on another) is run again unnamed,
 *   and its text gets a fresh name on a later use. Inside a transaction the refusal has already aborted
 *   it, so the second try fails as the transaction would have.
 */
export function namedStatementPool(pool: pg.Pool, maxNamed = MAX_NAMED_STATEMENTS): PostgresPool {
  const names = new StatementNames(maxNamed);
  return {
    connect: async () => new NamingClient(await pool.connect(), names),
    end: () => pool.end(),
  };
}

class StatementNames {
  private readonly named = new Map<string, string>();
  private readonly seenOnce = new Set<string>();
  private issued = 0;

  constructor(private readonly max: number) {}

  /** The name to send `text` under, or undefined to send it unnamed. */
  nameFor(text: string): string | undefined {
    const name = this.named.get(text);
    if (name !== undefined || this.named.size >= this.max) return name;
    if (!this.seenOnce.has(text)) {
      if (this.seenOnce.size >= MAX_SEEN_ONCE) this.seenOnce.clear();
      this.seenOnce.add(text);
      return undefined;
    }
    this.seenOnce.delete(text);
    // A name is never reused for another text: `pg` refuses that, and the database still holds the old one.
    const fresh = `passi_${++this.issued}`;
    this.named.set(text, fresh);
    return fresh;
  }

  forget(text: string): void {
    this.named.delete(text);
  }
}

class NamingClient implements PostgresPoolClient {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly names: StatementNames,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters: ReadonlyArray<unknown> = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // A cursor (Kysely's streaming) is a pg Submittable: handed to pg as it is.
    if (typeof sqlOrCursor !== 'string')
      return this.client.query(sqlOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
    return this.run<R>(sqlOrCursor, [...parameters]);
  }

  release(destroy?: boolean): void {
    this.client.release(destroy);
  }

  private async run<R>(text: string, values: unknown[]): Promise<PostgresQueryResult<R>> {
    const name = values.length > 0 ? this.names.nameFor(text) : undefined;
    if (name === undefined) return resultOf<R>(await this.client.query({ text, values }));
    try {
      return resultOf<R>(await this.client.query({ name, text, values }));
    } catch (e) {
      if ((e as { code?: unknown }).code !== CACHED_PLAN_CHANGED) throw e;
      this.names.forget(text);
      return resultOf<R>(await this.client.query({ text, values }));
    }
  }
}

function resultOf<R>(r: pg.QueryResult): PostgresQueryResult<R> {
  return r as unknown as PostgresQueryResult<R>;
}
