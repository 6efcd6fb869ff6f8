import { EMBEDDED_STORE_STOPPED } from './pglite-worker/pglite-in-worker.ts';

/**
 * PostgreSQL SQLSTATEs that mean "the database cannot serve right now", not "this request is wrong"
 * (PostgreSQL documentation, Appendix A "PostgreSQL Error Codes"): class 08 connection exception,
 * 53 insufficient resources (e.g. too many connections), 57P01–57P05 the server shutting down or
 * terminating the connection, 57014 statement cancelled (statement_timeout), 25P03 idle-in-transaction
 * timeout. Constraint violations, syntax errors and serialization failures are not outages.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|53...|57P0[1-5]|57014|25P03)$/;

/** Node.js socket errors on the way to the database. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** The messages pg and pg-pool use for a lost, timed-out or unusable connection, and the embedded store's. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'Query read timeout',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Cannot use a pool after calling end',
  EMBEDDED_STORE_STOPPED,
];

/**
 * Whether an error (or one of its causes) says the database is unreachable, stalled or restarting: the
 * request can succeed later, so the person gets "temporarily unavailable, try again" (503), not
 * "unexpected error" (docs/operations.md "When the database is unavailable").
 */
export function isStoreUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code: unknown = Reflect.get(current, 'code');
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || NETWORK_CODES.has(code))) return true;
    if (CONNECTION_MESSAGES.some((m) => current instanceof Error && current.message.includes(m))) return true;
    current = current.cause;
  }
  return false;
}
