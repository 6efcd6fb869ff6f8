import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.ts';

describe('redactUrl', () => {
  it('hides SAML messages, signatures and codes but keeps the rest', () => {
    expect(
      redactUrl(
        '/idp/profile/SAML2/Redirect/SSO?SAMLRequest=abc&RelayState=r1&SigAlg=x&Signature=sig&lang=fi',
      ),
    ).toBe(
      '/idp/profile/SAML2/Redirect/SSO?SAMLRequest=[redacted]&RelayState=r1&SigAlg=x&Signature=[redacted]&lang=fi',
    );
    expect(redactUrl('/cb?code=secret&state=s')).toBe('/cb?code=[redacted]&state=s');
    expect(redactUrl('/healthz')).toBe('/healthz');
  });
});
