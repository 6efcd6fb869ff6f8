/**
 * Runs a suite on both stores Passi supports: the embedded PGlite store and PostgreSQL. PostgreSQL suites
 * are skipped with a visible reason (in the suite's title and on the console) when no server answers at
 * the test URL (127.0.0.1:5432 unless PASSI_TEST_DATABASE_URL says otherwise).
 */
import { describe } from 'vitest';
import {
  isPostgresAvailable,
  POSTGRES_SKIP_REASON,
  type TestStoreKind,
} from '../../src/store/testing/test-db.ts';

/** Whether the PostgreSQL test server answered (asked once per test file). */
export const postgresAvailable = await isPostgresAvailable();
if (!postgresAvailable) console.warn(POSTGRES_SKIP_REASON);

const STORE_NAMES: Record<TestStoreKind, string> = { embedded: 'PGlite', postgresql: 'PostgreSQL' };

/** `describe('<title> on PGlite')` and `describe('<title> on PostgreSQL')`, each given its store kind. */
export function describeEachStore(title: string, suite: (kind: TestStoreKind) => void): void {
  for (const kind of ['embedded', 'postgresql'] as const) {
    describeOnStore(kind, `${title} on ${STORE_NAMES[kind]}`, () => suite(kind));
  }
}

/** A suite that needs PostgreSQL: skipped, with the reason in its title, when PostgreSQL is not reachable. */
export function describeOnPostgres(title: string, suite: () => void): void {
  describeOnStore('postgresql', title, suite);
}

function describeOnStore(kind: TestStoreKind, title: string, suite: () => void): void {
  if (kind === 'embedded' || postgresAvailable) describe(title, suite);
  else describe.skip(`${title} (SKIPPED: ${POSTGRES_SKIP_REASON})`, suite);
}
