import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe('attribute test service over OIDC through the test directory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('logs in demo_u0001 with openid-client (PKCE) and shows the released claims with statuses', async () => {
    const browser = new BrowserlessClient();
    const start = await browser.getFollow(`${t.baseUrl}/test-service/`);
    expect(start.body).toContain('formaction="/test-service/oidc/login"');
    const login = await browser.getFollow(`${t.baseUrl}/test-service/oidc/login?lang=en`);
    expect(login.status).toBe(200);
    expect(login.url).toContain('/upstream/test-directory/MansikkalaTest/login');
    const result = await browser.submitForm(login, { username: 'demo_u0001', password: 'demo_u0001pwd' });
    expect(result.status).toBe(200);
    expect(result.url).toContain('/test-service/oidc/callback');
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
    expect(result.body).toContain('urn:mpass.id:authnsource:MansikkalaTest');
    expect(result.body).toContain('data-status="ok"');
    expect(result.body).toContain('mpassUserIdentity');
  });

  it('a blocked login shows the failure', async () => {
    const browser = new BrowserlessClient();
    const login = await browser.getFollow(`${t.baseUrl}/test-service/oidc/login?lang=en&flow=MansikkalaTest`);
    const result = await browser.submitForm(login, { username: 'demo_u0022', password: 'demo_u0022pwd' });
    expect(result.body).toContain('access_denied');
    expect(result.body).toMatch(/LEARNER_ID_MISSING/);
  });
});
