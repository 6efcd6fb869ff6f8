import { describe, expect, it } from 'vitest';
import { authorizeUrl } from './oidc-http.ts';
import type { OidcOpApp } from './oidc-op-app.ts';
import { REDIRECT_URI } from './oidc-test-kit.ts';

/** Registry changes apply to the next authorization request. Part of the OIDC face suite (./oidc-op.suite.ts). */
export function defineOidcOpRegistryChanges(app: OidcOpApp): void {
  describe('registry changes apply to the next request', () => {
    it('a new client works at once; a removed redirect URI is refused at once', async () => {
      const service = (redirect: string) =>
        JSON.stringify({
          services: [
            {
              id: 'oidc-late',
              organisationOid: '1.2.246.562.99.00000000099',
              name: { en: 'Late RP' },
              protocol: 'oidc',
              deploymentPhase: 'test',
              serviceSets: ['attribute-test'],
              oidc: { clientId: 'client-late-00001', redirectUris: [redirect] },
              clientSecret: 'late-secret-0123456789abcdef0123456789ab',
            },
          ],
        });
      const params = {
        client_id: 'client-late-00001',
        response_type: 'code',
        scope: 'openid',
        redirect_uri: REDIRECT_URI,
        state: 's',
      };
      const before = await fetch(authorizeUrl(app.t.baseUrl, params), { redirect: 'manual' });
      expect(before.status).toBe(400);
      await app.t.importYaml(service(REDIRECT_URI));
      const after = await fetch(authorizeUrl(app.t.baseUrl, params), { redirect: 'manual' });
      expect(after.status).toBe(303);
      await app.t.importYaml(service('https://rp.example.org/elsewhere'));
      const changed = await fetch(authorizeUrl(app.t.baseUrl, params), { redirect: 'manual' });
      expect(changed.status).toBe(400);
    });
  });
}
