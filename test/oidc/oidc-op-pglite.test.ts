import { describe } from 'vitest';
import { defineOidcConformanceMoreSuite } from './oidc-conformance-more.suite.ts';
import { defineOidcOpSuite } from './oidc-op.suite.ts';

describe('OIDC face end to end (embedded PGlite store)', () => defineOidcOpSuite('embedded'));
describe('OIDC conformance modules, more (embedded PGlite store)', () =>
  defineOidcConformanceMoreSuite('embedded'));
