import { describe, expect, it } from 'vitest';
import { buildIdpMetadata, type IdpMetadataInput } from './idp-metadata.ts';
import { testKey, xmlCryptoVerify, xmlsecAvailable, xmlsecVerify, xsdValidate } from './test-kit.ts';

const signing = testKey('idp');
const input: IdpMetadataInput = {
  entityId: 'https://passi.example/idp/shibboleth',
  validUntil: new Date('2026-12-05T00:00:00Z'),
  signingCertificatesPem: [signing.certificatePem, testKey('idp-next').certificatePem],
  encryptionCertificatesPem: [testKey('idp-enc').certificatePem],
  ssoRedirectUrl: 'https://passi.example/idp/profile/SAML2/Redirect/SSO',
  ssoPostUrl: 'https://passi.example/idp/profile/SAML2/POST/SSO',
  singleLogoutRedirectUrl: 'https://passi.example/idp/profile/Logout',
  displayName: { fi: 'Passi – kirjautuminen', sv: 'Passi – inloggning', en: 'Passi <login> & "more"' },
  logo: { url: 'https://passi.example/logo.png', width: 100, height: 50 },
};

describe('buildIdpMetadata', () => {
  const xml = buildIdpMetadata(input, signing.credential);

  it('is valid against the SAML metadata + MDUI XSDs', async () => {
    expect((await xsdValidate(xml, 'metadata')).errors).toEqual([]);
    expect((await xsdValidate(buildIdpMetadata(input), 'metadata')).errors).toEqual([]);
  });

  it.skipIf(!xmlsecAvailable)('signature verifies with xmlsec1', () => {
    const r = xmlsecVerify(xml, signing.certificatePem, 'EntityDescriptor');
    expect(r.ok, r.output).toBe(true);
    expect(
      xmlsecVerify(xml.replace('Passi – inloggning', 'Evil'), signing.certificatePem, 'EntityDescriptor').ok,
    ).toBe(false);
  });

  it('signature verifies with xml-crypto', () => {
    expect(xmlCryptoVerify(xml, signing.certificatePem, 'EntityDescriptor')).toBe(true);
  });

  it('carries entity id, validUntil, keys, NameID formats and both SSO bindings', () => {
    expect(xml).toContain('entityID="https://passi.example/idp/shibboleth"');
    expect(xml).toContain('validUntil="2026-12-05T00:00:00Z"');
    expect(xml.match(/<md:KeyDescriptor use="signing">/g)).toHaveLength(2);
    expect(xml.match(/<md:KeyDescriptor use="encryption">/g)).toHaveLength(1);
    expect(xml).toContain('urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
    expect(xml).toContain('Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"');
    expect(xml).toContain(
      '<mdui:DisplayName xml:lang="en">Passi &lt;login&gt; &amp; "more"</mdui:DisplayName>',
    );
    // MDUI 1.0 §2.1.6: the logo's URL with its rendered size in pixels.
    expect(xml).toContain('<mdui:Logo height="50" width="100">https://passi.example/logo.png</mdui:Logo>');
  });
});
