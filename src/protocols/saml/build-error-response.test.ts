import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { describe, expect, it } from 'vitest';
import { buildErrorResponse } from './build-error-response.ts';
import { STATUS } from './namespaces.ts';
import { testKey, xmlsecAvailable, xmlsecVerify, xsdValidate } from './test-kit.ts';

const idp = testKey('idp');
const base = {
  issuer: 'https://passi.example/idp/shibboleth',
  destination: 'https://sp.example/acs',
  inResponseTo: '_req1',
  now: new Date(),
  topLevel: STATUS.responder,
  secondLevel: STATUS.noPassive,
  message: 'No session & no <passive> login',
} as const;

describe('buildErrorResponse', () => {
  it('is XSD-valid, signed when asked, and verifies with xmlsec1', async () => {
    const xml = buildErrorResponse(base, idp.credential);
    expect((await xsdValidate(xml, 'protocol')).errors).toEqual([]);
    expect((await xsdValidate(buildErrorResponse(base), 'protocol')).errors).toEqual([]);
    if (xmlsecAvailable) expect(xmlsecVerify(xml, idp.certificatePem, 'Response').ok).toBe(true);
    expect(xml).toContain(
      '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:NoPassive"></samlp:StatusCode></samlp:StatusCode>',
    );
  });

  it('node-saml understands NoPassive (no profile) and reports RequestDenied', async () => {
    const saml = new SAML({
      callbackUrl: base.destination,
      issuer: 'https://sp.example/shibboleth',
      idpCert: idp.certificatePem,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      validateInResponseTo: ValidateInResponseTo.never,
    });
    const post = (xml: string) =>
      saml.validatePostResponseAsync({ SAMLResponse: Buffer.from(xml).toString('base64') });
    // node-saml maps Responder/NoPassive to "passive login failed": no profile, no error.
    expect(await post(buildErrorResponse(base, idp.credential))).toEqual({ profile: null, loggedOut: false });
    const denied = buildErrorResponse(
      { ...base, topLevel: STATUS.requester, secondLevel: STATUS.requestDenied, message: 'denied' },
      idp.credential,
    );
    await expect(post(denied)).rejects.toThrow('SAML provider returned Requester error: denied');
  });
});
