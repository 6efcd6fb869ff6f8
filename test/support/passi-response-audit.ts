import { DOMParser, type Element } from '@xmldom/xmldom';
import { NS } from '../../src/protocols/saml/namespaces.ts';
import { xmlsecAvailable, xmlsecVerify, xsdValidate } from '../../src/protocols/saml/test-kit.ts';

/**
 * Every Response Passi emits in the tests also verifies with `xmlsec1 --verify` and validates against
 * the SAML 2.0 XSDs. The browserless client calls this for every auto-POST form
 * that carries a Response issued by a Passi (`<publicUrl>/idp/shibboleth`), in every test that drives a
 * login through it, not only in the SAML IdP suites. The trusted certificates are the signing
 * certificates in that Passi's own metadata; the audit throws, failing the test, on any defect.
 * Encrypted assertions cannot be opened here (the service's key is the test's); their Response still
 * has to be XSD-valid, and test/saml-idp checks them decrypted.
 */
export async function auditPassiResponse(encoded: string): Promise<void> {
  const xml = Buffer.from(encoded, 'base64').toString('utf8');
  const root = new DOMParser().parseFromString(xml, 'application/xml').documentElement;
  const issuer = root ? child(root, NS.saml, 'Issuer')?.textContent?.trim() : undefined;
  if (!root || !issuer?.endsWith('/idp/shibboleth')) return; // not Passi's Response
  const xsd = await xsdValidate(xml, 'protocol');
  if (xsd.errors.length) throw new Error(`Passi's Response is not XSD-valid: ${xsd.errors.join('; ')}`);
  if (!xmlsecAvailable) {
    if (process.env.CI) throw new Error('xmlsec1 is required on CI (apt-get install -y xmlsec1)');
    return;
  }
  const certificates = await metadataSigningCertificates(issuer);
  const check = (element: 'Response' | 'Assertion') => {
    const outputs = certificates.map((pem) => xmlsecVerify(xml, pem, element));
    if (!outputs.some((r) => r.ok))
      throw new Error(`xmlsec1 --verify ${element} failed: ${outputs.map((r) => r.output).join(' | ')}`);
  };
  if (child(root, NS.ds, 'Signature')) check('Response');
  const assertion = child(root, NS.saml, 'Assertion');
  if (assertion) {
    if (!child(assertion, NS.ds, 'Signature')) throw new Error("Passi's Assertion is not signed");
    check('Assertion');
  } else if (!child(root, NS.saml, 'EncryptedAssertion') && !child(root, NS.ds, 'Signature')) {
    throw new Error("Passi's error Response is not signed");
  }
}

/**
 * Signing certificates from the metadata at the entity id (Passi serves its metadata there). Fetched
 * per Response, not cached: test apps come and go on reused ports, each with its own keys.
 */
async function metadataSigningCertificates(entityId: string): Promise<string[]> {
  const metadata = await (await fetch(entityId)).text();
  const doc = new DOMParser().parseFromString(metadata, 'application/xml');
  const pems: string[] = [];
  const descriptors = doc.getElementsByTagNameNS(NS.md, 'KeyDescriptor');
  for (let i = 0; i < descriptors.length; i++) {
    const kd = descriptors.item(i);
    if (!kd || kd.getAttribute('use') === 'encryption') continue;
    const certs = kd.getElementsByTagNameNS(NS.ds, 'X509Certificate');
    for (let j = 0; j < certs.length; j++) {
      const lines = (certs.item(j)?.textContent ?? '').replace(/\s+/g, '').match(/.{1,64}/g) ?? [];
      pems.push(`-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`);
    }
  }
  if (!pems.length) throw new Error(`no signing certificate in the metadata at ${entityId}`);
  return pems;
}

function child(parent: Element, ns: string, name: string): Element | undefined {
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && n.namespaceURI === ns && n.localName === name) return n as Element;
  }
  return undefined;
}
