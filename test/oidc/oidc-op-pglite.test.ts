import { describe } from 'vitest';
import { defineOidcOpSuite } from './oidc-op.suite.ts';

describe('OIDC face end to end (embedded PGlite store)', () => defineOidcOpSuite('embedded'));
