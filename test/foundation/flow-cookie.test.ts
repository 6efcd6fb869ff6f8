import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The flow cookie is `__Host-` (Secure, Path=/, no Domain) and survives the cross-site POST
 * back from a school's IdP (SameSite=None; docs/operations.md "Security model"). Other cookies are Lax.
 */
describe('login cookies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the flow cookie is __Host-, Secure, HttpOnly and SameSite=None; the service cookie likewise', async () => {
    const start = await fetch(`${t.baseUrl}/test-service/saml/login`, { redirect: 'manual' });
    const sso = start.headers.get('location') ?? '';
    expect(sso).toContain('/idp/profile/SAML2/Redirect/SSO');
    const response = await fetch(new URL(sso, t.baseUrl), { redirect: 'manual' });
    expect(response.status).toBe(303);
    const cookies = response.headers.getSetCookie();
    const flow = cookies.find((c) => c.startsWith('__Host-passi_flow='));
    expect(flow).toBeDefined();
    const attrs = (flow ?? '').split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toContain('path=/');
    expect(attrs).toContain('secure');
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=none');
    expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
    expect(attrs.some((a) => a.startsWith('max-age='))).toBe(true);
    for (const c of cookies.filter((c) => c.startsWith('__Host-'))) {
      expect(c.toLowerCase()).toContain('; secure');
      expect(c.toLowerCase()).toContain('; path=/');
    }
  });
});
