import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassiResponse } from '../saml-idp/support/saml-checks.ts';
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import { samlAttributes } from '../support/saml-attributes.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe('attribute test service over SAML through the test directory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('logs in demo_u0001 and shows the released data-model attributes with statuses', async () => {
    const browser = new BrowserlessClient();
    const login = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en`);
    expect(login.status).toBe(200);
    expect(login.url).toContain('/upstream/test-directory/MansikkalaTest/login');
    const posted = await browser.submitForm(login, { username: 'demo_u0001', password: 'demo_u0001pwd' });
    expect(posted.body).toContain('SAMLResponse');
    // Every Response Passi emits in the tests passes XSD validation and xmlsec1.
    const samlResponse = parseForms(posted.body)[0]?.fields.SAMLResponse ?? '';
    const verified = await verifyPassiResponse(Buffer.from(samlResponse, 'base64').toString('utf8'), {
      idpCertPem: t.services.keys.samlSigning.certificatePem,
    });
    // The data model (docs/data-model.md), read from the signed assertion itself (not only from the result page).
    const values = samlAttributes(verified.assertionXml ?? '');
    expect(values['urn:mpass.id:schoolInfo']).toEqual([
      '30076;Mansikkalan testi peruskoulu',
      '1.2.246.562.99.00000000002;Mansikkalan testi peruskoulu',
    ]);
    expect(values['urn:mpass.id:educationProviderInfo']).toEqual([
      '1.2.246.562.99.00000000001;Mansikkalan testikoulutustoimija',
    ]);
    const roles = values['urn:mpass.id:role'] ?? [];
    expect(roles).toHaveLength(1);
    expect(roles[0]?.split(';')).toHaveLength(7);
    const result = await browser.submitForm(posted);
    expect(result.status).toBe(200);
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
    expect(result.body).toContain('1.2.246.562.99.00000000002;Mansikkalan testi peruskoulu');
    expect(result.body).toMatch(
      /1\.2\.246\.562\.99\.00000000001;30076;[^;<]*;Oppilas;1;1\.2\.246\.562\.99\.00000000002;/,
    );
    expect(result.body).toContain('urn:mpass.id:authnsource:MansikkalaTest');
    expect(result.body).toContain('data-status="ok"');
    // The raw attributes the school sent are shown too.
    expect(result.body).toContain('mpassUserIdentity');
  });

  it('shows a wrong password on the login page without ending the login', async () => {
    const browser = new BrowserlessClient();
    const login = await browser.getFollow(`${t.baseUrl}/test-service/saml/login`);
    const wrong = await browser.submitForm(login, { username: 'demo_u0001', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('Käyttäjätunnus tai salasana on väärin');
    const right = await browser.submitForm(wrong, { username: 'demo_u0002', password: 'demo_u0002pwd' });
    const result = await browser.submitForm(right);
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
  });

  it('reports a blocked login (missing learner id) to the service with the rule that blocked it', async () => {
    const browser = new BrowserlessClient();
    const login = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en`);
    const posted = await browser.submitForm(login, { username: 'demo_u0022', password: 'demo_u0022pwd' });
    const result = await browser.submitForm(posted);
    expect(result.body).toContain('The login failed');
    expect(result.body).toMatch(/LEARNER_ID_MISSING/);
  });
});
