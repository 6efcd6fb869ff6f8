import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/** pg's message when `query_timeout` passes without an answer (pg/lib/client.js). */
const READ_TIMEOUT = 'Query read timeout';

/**
 * The pool as Kysely sees it, with one difference: a client whose query got no answer in time is
 * destroyed on release instead of returned to the pool. pg leaves such a query active on its connection,
 * so the next request to borrow that client would wait behind it on a possibly dead connection.
 */
export function timeoutReleasingPool(pool: PostgresPool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let timedOut = false;
      function query<R>(sqlText: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
      function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
      function query<R>(
        input: string | PostgresCursor<R>,
        parameters: ReadonlyArray<unknown> = [],
      ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
        // Passi does not stream query results (Kysely's PostgresDialect has no cursor configured).
        if (typeof input !== 'string') throw new Error('cursors are not supported');
        return client.query<R>(input, parameters).catch((e: unknown) => {
          if (e instanceof Error && e.message === READ_TIMEOUT) timedOut = true;
          throw e;
        });
      }
      return {
        query,
        release: (destroy?: boolean) => client.release(destroy === true || timedOut),
      };
    },
    end: () => pool.end(),
  };
}
