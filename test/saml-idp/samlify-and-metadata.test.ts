/**
 * A second and independent SP library: samlify 2.13 configured from Passi's own metadata
 * (`GET /idp/shibboleth`), Redirect and POST bindings, signed and unsigned requests, encryption and a
 * signed Response. Also the metadata itself: its signature verifies with xmlsec1, validUntil is in the
 * future and it validates against the metadata XSD (with mdui).
 */
import * as samlify from 'samlify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMEID_FORMAT } from '../../src/protocols/saml/namespaces.ts';
import { xmlsecAvailable, xmlsecVerify, xsdValidate } from '../../src/protocols/saml/test-kit.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import {
  elementTexts,
  idpCertificate,
  loginAtTestDirectory,
  readAutoPost,
  verifyPassiResponse,
} from './support/saml-checks.ts';
import { registryYaml, spAcs, spEntityId, spKeys } from './support/sp-registry.ts';

const SPS = {
  unsigned: 'sf-unsigned',
  signed: 'sf-signed',
  encrypted: 'sf-encrypted-signed-response',
};

const cases = [
  { name: 'unsigned AuthnRequest', sp: SPS.unsigned, signed: false, encrypt: false, signResponse: false },
  { name: 'signed AuthnRequest', sp: SPS.signed, signed: true, encrypt: false, signResponse: false },
  {
    name: 'signed AuthnRequest, encrypted assertion, signed Response',
    sp: SPS.encrypted,
    signed: true,
    encrypt: true,
    signResponse: true,
  },
] as const;

describe('samlify as a second SP, configured from GET /idp/shibboleth', () => {
  let t: TestApp;
  let metadata: string;
  let metadataResponse: Response;
  beforeAll(async () => {
    t = await createTestApp({
      registry: registryYaml([
        { id: SPS.unsigned, authnRequestsSigned: false },
        { id: SPS.signed, authnRequestsSigned: true },
        { id: SPS.encrypted, authnRequestsSigned: true, encrypt: true, signResponse: true },
      ]),
    });
    metadataResponse = await fetch(`${t.baseUrl}/idp/shibboleth`);
    metadata = await metadataResponse.text();
    // samlify's own schema check is this repository's XSD validation (xmllint-wasm, local schemas).
    samlify.setSchemaValidator({
      validate: async (xml: string) => {
        const r = await xsdValidate(xml, 'protocol');
        if (!r.valid) throw new Error(r.errors.join('\n'));
        return 'valid';
      },
    });
  });
  afterAll(() => t?.close());

  describe('metadata', () => {
    it('GET /idp/shibboleth answers signed SAML metadata for the entity id', () => {
      expect(metadataResponse.status).toBe(200);
      expect(metadataResponse.headers.get('content-type')).toContain('application/samlmetadata+xml');
      expect(metadata).toContain(`entityID="${t.baseUrl}/idp/shibboleth"`);
      expect(metadata).toContain(`Location="${t.baseUrl}/idp/profile/SAML2/Redirect/SSO"`);
      expect(metadata).toContain(`Location="${t.baseUrl}/idp/profile/SAML2/POST/SSO"`);
      expect(metadata).toMatch(/<(\w+:)?KeyDescriptor use="signing"/);
      expect(metadata).toMatch(/<(\w+:)?KeyDescriptor use="encryption"/);
      expect(elementTexts(metadata, 'DisplayName')).toContain('Passi');
    });

    it.skipIf(!xmlsecAvailable && !process.env.CI)(
      'the metadata signature verifies with xmlsec1 against the active signing certificate',
      () => {
        const r = xmlsecVerify(metadata, idpCertificate(t), 'EntityDescriptor');
        expect(r.ok, r.output).toBe(true);
        const publishedCert = idpCertificate(t).replace(/-----[^-]+-----|\s/g, '');
        expect(elementTexts(metadata, 'X509Certificate').map((c) => c.replace(/\s/g, ''))).toContain(
          publishedCert,
        );
      },
    );

    it.skipIf(!xmlsecAvailable && !process.env.CI)(
      'a tampered copy of the metadata does not verify (the check is real)',
      () => {
        const tampered = metadata.replace(
          `${t.baseUrl}/idp/profile/SAML2/POST/SSO`,
          'https://attacker.example/sso',
        );
        expect(xmlsecVerify(tampered, idpCertificate(t), 'EntityDescriptor').ok).toBe(false);
      },
    );

    it('validUntil is in the future (and bounded)', () => {
      const validUntil = Date.parse(/validUntil="([^"]+)"/.exec(metadata)?.[1] ?? '');
      expect(validUntil).toBeGreaterThan(Date.now() + 86_400_000);
      expect(validUntil).toBeLessThan(Date.now() + 31 * 86_400_000);
    });

    it('validates against the SAML 2.0 metadata XSD (with mdui)', async () => {
      expect((await xsdValidate(metadata, 'metadata')).errors).toEqual([]);
    });
  });

  /**
   * samlify requires the SP's AuthnRequestsSigned to equal the IdP metadata's WantAuthnRequestsSigned.
   * Passi's metadata cannot say it (it is a per-service registry setting), so a signing SP's operator
   * sets it locally, as samlify's IdP settings would; samlify does not check metadata signatures.
   */
  const idpFor = (c: (typeof cases)[number]) =>
    samlify.IdentityProvider({
      metadata: c.signed
        ? metadata.replace(/<(\w+:)?IDPSSODescriptor /, '$& WantAuthnRequestsSigned="true" ')
        : metadata,
      isAssertionEncrypted: c.encrypt,
    });

  const spFor = (c: (typeof cases)[number]) =>
    samlify.ServiceProvider({
      entityID: spEntityId(c.sp),
      authnRequestsSigned: c.signed,
      wantAssertionsSigned: true,
      wantMessageSigned: c.signResponse,
      isAssertionEncrypted: c.encrypt,
      privateKey: spKeys.signing.privateKeyPem,
      signingCert: spKeys.signing.certificatePem,
      encPrivateKey: c.encrypt ? spKeys.encryption.privateKeyPem : undefined,
      encryptCert: c.encrypt ? spKeys.encryption.certificatePem : undefined,
      requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      nameIDFormat: [NAMEID_FORMAT.transient],
      relayState: 'samlify-rs',
      // samlify 2.13 defaults this to the Response's Issuer when wantMessageSigned is set, and then
      // cannot sign an HTTP-POST AuthnRequest; say where the request's signature goes.
      signatureConfig: {
        prefix: 'ds',
        location: {
          reference: "/*[local-name(.)='AuthnRequest']/*[local-name(.)='Issuer']",
          action: 'after',
        },
      },
      assertionConsumerService: [
        { Binding: samlify.Constants.namespace.binding.post, Location: spAcs(c.sp) },
      ],
    });

  for (const binding of ['redirect', 'post'] as const) {
    for (const c of cases) {
      it(`${binding} binding, ${c.name}: samlify accepts the Response and reads the attributes`, async () => {
        const idp = idpFor(c);
        const sp = spFor(c);
        const browser = new BrowserlessClient();
        let requestId: string;
        let loginPage: Awaited<ReturnType<BrowserlessClient['get']>>;
        if (binding === 'redirect') {
          const request = sp.createLoginRequest(idp, 'redirect');
          requestId = request.id;
          expect(request.context.startsWith(`${t.baseUrl}/idp/profile/SAML2/Redirect/SSO?`)).toBe(true);
          if (c.signed) expect(request.context).toContain('&Signature=');
          loginPage = await browser.getFollow(request.context);
        } else {
          const request = sp.createLoginRequest(idp, 'post');
          if (!('entityEndpoint' in request)) throw new Error('samlify built no POST request');
          requestId = request.id;
          const xml = Buffer.from(request.context, 'base64').toString('utf8');
          expect(xml.includes('Signature>')).toBe(c.signed);
          loginPage = await browser.postFollow(request.entityEndpoint, {
            SAMLRequest: request.context,
            RelayState: 'samlify-rs',
          });
        }
        const post = readAutoPost(await loginAtTestDirectory(browser, loginPage));
        expect(post.action).toBe(spAcs(c.sp));
        expect(post.fields.RelayState).toBe('samlify-rs');
        const verified = await verifyPassiResponse(post.xml, {
          idpCertPem: idpCertificate(t),
          decryptionKeyPem: c.encrypt ? spKeys.encryption.privateKeyPem : undefined,
        });
        expect(verified.encrypted).toBe(c.encrypt);
        expect(verified.responseSigned).toBe(c.signResponse);

        const { extract } = await sp.parseLoginResponse(idp, 'post', { body: post.fields });
        expect(extract.issuer).toBe(`${t.baseUrl}/idp/shibboleth`);
        expect(extract.response?.inResponseTo).toBe(requestId);
        expect(extract.audience).toBe(spEntityId(c.sp));
        expect(extract.nameID).toMatch(/^_[0-9a-f]{40}$/);
        expect([extract.attributes?.['urn:mpass.id:schoolInfo']].flat()).toContain(
          '30076;Mansikkalan testi peruskoulu',
        );
        expect(elementTexts(verified.assertionXml ?? '', 'AuthnContextClassRef')).toEqual([
          'urn:mpass.id:authnsource:MansikkalaTest',
        ]);
      });
    }
  }
});
