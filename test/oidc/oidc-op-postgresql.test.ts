import { describeOnPostgres } from '../support/describe-each-store.ts';
import { defineOidcConformanceMoreSuite } from './oidc-conformance-more.suite.ts';
import { defineOidcOpSuite } from './oidc-op.suite.ts';

describeOnPostgres('OIDC face end to end (PostgreSQL store)', () => defineOidcOpSuite('postgresql'));
describeOnPostgres('OIDC conformance modules, more (PostgreSQL store)', () =>
  defineOidcConformanceMoreSuite('postgresql'),
);
