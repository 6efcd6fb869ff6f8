import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * oidc-provider's cookies in the production shape (https issuer behind the trusted TLS proxy):
 * `__Host-` names, Secure, HttpOnly, SameSite=Lax, Path=/ (docs/operations.md "Behind a reverse proxy"). The proxy is
 * played by sending `X-Forwarded-Proto: https` to the plain-HTTP listener, as a TLS proxy does.
 */
describe('OIDC cookies behind a TLS proxy', () => {
  let t: TestApp;
  let issuer: string;
  beforeAll(async () => {
    const port = await freePort();
    issuer = `https://localhost:${port}`;
    t = await createTestApp({ port, config: { publicUrl: issuer, trustProxy: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const viaProxy = (path: string, cookie = '') =>
    fetch(`${t.baseUrl}${path}`, {
      headers: { 'x-forwarded-proto': 'https', ...(cookie ? { cookie } : {}) },
      redirect: 'manual',
    });

  it('sets __Host- session and interaction cookies that the interaction page then reads', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${t.baseUrl}/idp/profile/oidc/authorize`);
    for (const [k, v] of Object.entries({
      client_id: 'passi-attribute-test',
      redirect_uri: `${issuer}/test-service/oidc/callback`,
      response_type: 'code',
      scope: 'openid',
      state: 'state-1',
      nonce: 'nonce-1',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }))
      authorize.searchParams.set(k, v);
    const started = await viaProxy(authorize.pathname + authorize.search);
    expect(started.status).toBe(303);
    // The login starts in this answer: to the school or its choice, not to the interaction page.
    expect(started.headers.get('location') ?? '').toMatch(/^\/(discovery|upstream\/)/);
    const cookies = started.headers.getSetCookie();
    const interaction = cookies.filter((c) => c.startsWith('__Host-passi_oidc_interaction'));
    // The value and its signature (oidc-provider signs its cookies with keys derived from the secret key).
    expect(interaction.map((c) => c.split('=')[0]).sort()).toEqual([
      '__Host-passi_oidc_interaction',
      '__Host-passi_oidc_interaction.sig',
    ]);
    for (const c of interaction) {
      const attrs = c.toLowerCase();
      expect(attrs).toContain('; path=/;');
      expect(attrs).toContain('; secure');
      expect(attrs).toContain('; httponly');
      expect(attrs).toContain('; samesite=lax');
      expect(attrs).not.toContain('domain=');
    }
    // The resume cookie is pinned by oidc-provider to the authorization path: plain name, still Secure.
    const resume = cookies.find((c) => c.startsWith('passi_oidc_resume='));
    expect(resume?.toLowerCase()).toContain('; path=/idp/profile/oidc/authorize/');
    expect(resume?.toLowerCase()).toContain('; secure');
    expect(cookies.some((c) => /^passi_oidc_(session|interaction)=/.test(c))).toBe(false);

    // The interaction page (where a browser is sent across an upgrade) finds the interaction through
    // the __Host- cookie and starts Passi's login; the resume cookie's value is the interaction's id.
    const uid = resume?.split(';')[0]?.split('=')[1];
    const interactionPath = `/idp/profile/oidc/interaction/${uid}`;
    const jar = interaction.map((c) => c.split(';')[0]).join('; ');
    const page = await viaProxy(interactionPath, jar);
    expect(page.status).toBeGreaterThanOrEqual(300);
    expect(page.status).toBeLessThan(400);
    expect(page.headers.get('location') ?? '').toMatch(/\/(discovery|upstream\/)/);
    // Without the cookie the same page is a lost login, not a login.
    expect((await viaProxy(interactionPath)).status).toBe(400);
  });
});
