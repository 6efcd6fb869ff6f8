import { afterAll, beforeAll } from 'vitest';
import type { TestStoreKind } from '../../src/store/testing/test-db.ts';
import type { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { type CLIENTS, fullLogin, oidcTestRegistry } from './oidc-test-kit.ts';

export const FIRST_FLOW = 'MansikkalaTest';
export const UID_CLAIM = 'urn:mpass.id:uid';

/** The Passi the OIDC face suite logs in to, started before its tests (read `t` inside tests only). */
export interface OidcOpApp {
  readonly store: TestStoreKind;
  readonly t: TestApp;
  readonly jwtKey: CryptoKey;
  /** Full login with openid-client, returning the validated tokens. */
  login(
    which?: keyof typeof CLIENTS,
    extra?: Record<string, string>,
    browser?: BrowserlessClient,
    username?: string,
  ): ReturnType<typeof fullLogin>;
}

/** Starts a Passi on `store` with the OIDC test registry for the enclosing describe block. */
export function startOidcOpApp(store: TestStoreKind): OidcOpApp {
  let started: { t: TestApp; jwtKey: CryptoKey } | undefined;
  beforeAll(async () => {
    const reg = await oidcTestRegistry();
    started = { t: await createTestApp({ store, registry: reg.yaml }), jwtKey: reg.jwtKey };
  });
  afterAll(() => started?.t.close());
  const current = () => {
    if (!started) throw new Error('the OIDC test app has not started (read it inside a test)');
    return started;
  };
  return {
    store,
    get t() {
      return current().t;
    },
    get jwtKey() {
      return current().jwtKey;
    },
    login: (which = 'basic', extra = {}, browser, username) =>
      fullLogin(current().t.baseUrl, current().jwtKey, which, extra, browser, username),
  };
}
