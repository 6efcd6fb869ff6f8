import { describe } from 'vitest';
import { isPostgresAvailable, POSTGRES_SKIP_REASON } from '../../src/store/testing/test-db.ts';
import { defineOidcConformanceMoreSuite } from './oidc-conformance-more.suite.ts';
import { defineOidcOpSuite } from './oidc-op.suite.ts';

const available = await isPostgresAvailable();
if (!available) console.warn(POSTGRES_SKIP_REASON);

describe.skipIf(!available)('OIDC face end to end (PostgreSQL store)', () => defineOidcOpSuite('postgresql'));
describe.skipIf(!available)('OIDC conformance modules, more (PostgreSQL store)', () =>
  defineOidcConformanceMoreSuite('postgresql'),
);
