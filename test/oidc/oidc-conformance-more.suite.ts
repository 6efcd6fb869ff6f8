import type { TestStoreKind } from '../../src/store/testing/test-db.ts';
import { defineOidcConformanceBasic } from './oidc-conformance-basic.suite.ts';
import { defineOidcConformanceLogout } from './oidc-conformance-logout.suite.ts';
import { defineOidcConformanceRfc9700 } from './oidc-conformance-rfc9700.suite.ts';
import { startOidcOpApp } from './oidc-op-app.ts';

/**
 * More of the OpenID Foundation conformance modules (https://openid.net/certification/testing/: the basic
 * plan and the RP-initiated logout plan) and RFC 9700 items, each test named after the module or section it
 * mirrors. The rest are in oidc-op.suite.ts. Run on PGlite and on PostgreSQL.
 */
export function defineOidcConformanceMoreSuite(store: TestStoreKind): void {
  const app = startOidcOpApp(store);
  defineOidcConformanceBasic(app);
  defineOidcConformanceLogout(app);
  defineOidcConformanceRfc9700(app);
}
