import * as client from 'openid-client';
import { z } from 'zod';
import type { PortalRole } from '../../src/portal/domain/roles.ts';
import { authRequest, browserLogin } from '../oidc/oidc-test-kit.ts';
import { type ApiCall, apiClient } from '../portal/api-operation-table.ts';
import { signedInBrowser } from '../portal/portal-support.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import type { TestApp } from '../support/test-app.ts';

/** The demo registry's service provider and education provider (demo/registry.yaml). */
export const SERVICE_PROVIDER = '1.2.246.562.99.00000000099';
export const EDUCATION_PROVIDER = '1.2.246.562.99.00000000001';
export const RP_CALLBACK = 'https://rp.example.org/callback';

/** A person signed in through the pages, calling the JSON API with the session cookie and CSRF token. */
export async function apiAs(
  t: TestApp,
  email: string,
  role: PortalRole,
  organisationId: string,
): Promise<ApiCall> {
  const { browser, csrf } = await signedInBrowser(t, email, role, organisationId);
  return apiClient(t.baseUrl, {
    cookie: browser.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '',
    csrf,
  });
}

export const createdSchema = z.object({
  service: z.object({
    id: z.string(),
    deploymentPhase: z.string(),
    oidc: z.object({ clientId: z.string() }).nullable(),
    saml: z.object({ entityId: z.string() }).nullable(),
  }),
  clientSecret: z.string().optional(),
});

/**
 * A login at a registered OIDC service with openid-client as the relying party, through the test
 * directory: returns the callback, so the caller chooses which secret exchanges the code.
 */
export async function loginAtService(baseUrl: string, clientId: string) {
  const config = await client.discovery(new URL(baseUrl), clientId, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });
  const req = await authRequest(config);
  const callback = await browserLogin(new BrowserlessClient(), req.url);
  return { req, callback };
}

/** Exchanges the code with client_secret_basic and `secret` (OIDC Core §3.1.3), as a real RP does. */
export async function exchange(
  baseUrl: string,
  clientId: string,
  secret: string,
  login: Awaited<ReturnType<typeof loginAtService>>,
) {
  const config = await client.discovery(
    new URL(baseUrl),
    clientId,
    undefined,
    client.ClientSecretBasic(secret),
    {
      execute: [client.allowInsecureRequests],
    },
  );
  const tokens = await client.authorizationCodeGrant(config, login.callback, {
    pkceCodeVerifier: login.req.verifier,
    expectedState: login.req.state,
    expectedNonce: login.req.nonce,
  });
  const sub = tokens.claims()?.sub ?? '';
  return { tokens, userinfo: await client.fetchUserInfo(config, tokens.access_token, sub) };
}
