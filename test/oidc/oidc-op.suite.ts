import type { TestStoreKind } from '../../src/store/testing/test-db.ts';
import { startOidcOpApp } from './oidc-op-app.ts';
import { defineOidcOpBadInput } from './oidc-op-bad-input.suite.ts';
import { defineOidcOpCodeFlow } from './oidc-op-code-flow.suite.ts';
import { defineOidcOpDiscovery } from './oidc-op-discovery.suite.ts';
import { defineOidcOpLoginStart } from './oidc-op-login-start.suite.ts';
import { defineOidcOpRegistryChanges } from './oidc-op-registry-changes.suite.ts';
import { defineOidcOpSessions } from './oidc-op-sessions.suite.ts';

/**
 * The OIDC face end to end: openid-client as the relying party against a real Passi
 * over HTTP, logging in through the test directory. Names in brackets are the OpenID Foundation
 * conformance suite's basic-plan modules (https://openid.net/certification/testing/) and the RFC 9700
 * sections each test mirrors.
 */
export function defineOidcOpSuite(store: TestStoreKind): void {
  const app = startOidcOpApp(store);
  defineOidcOpDiscovery(app);
  defineOidcOpCodeFlow(app);
  defineOidcOpLoginStart(app);
  defineOidcOpSessions(app);
  defineOidcOpBadInput(app);
  defineOidcOpRegistryChanges(app);
}
