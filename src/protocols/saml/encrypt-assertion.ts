/**
 * EncryptedAssertion for services that registered an encryption certificate (SAML Core 2.0 §2.3.4,
 * SAML Profiles 2.0 §4.1.4.2): AES-256-GCM content encryption (XML-Enc 1.1 §5.2.4) and RSA-OAEP key
 * transport with MGF1-SHA1 and a SHA-1 OAEP digest (`rsa-oaep-mgf1p`, XML-Enc 1.1 §5.5.2), which is what
 * Shibboleth SPs, node-saml and samlify all decrypt. CBC and rsa-1_5 are never produced.
 */
import { X509Certificate } from 'node:crypto';
import { encrypt } from 'xml-encryption';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { NS } from './namespaces.ts';
import { parseXml } from './parse-xml.ts';
import { writeCanonical } from './write-canonical-tree.ts';
import { el, fromDom, type XmlElement } from './xml-tree.ts';

export const AES256_GCM = 'http://www.w3.org/2009/xmlenc11#aes256-gcm';
export const RSA_OAEP_MGF1P = 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p';

/**
 * Encrypts the (already signed) `assertion` for the holder of `certificatePem` and returns a
 * saml:EncryptedAssertion element to carry instead.
 */
export async function encryptAssertion(assertion: XmlElement, certificatePem: string): Promise<XmlElement> {
  const cert = new X509Certificate(certificatePem);
  if (cert.publicKey.asymmetricKeyType !== 'rsa') {
    fail(ErrorCodes.INTERNAL, 'encryption certificate must hold an RSA key');
  }
  // The assertion is serialised as its own canonical apex, so it declares every namespace it uses and
  // parses identically after decryption; the signed bytes are unchanged.
  const plaintext = writeCanonical(assertion, { wire: true });
  const encryptedData = await new Promise<string>((resolve, reject) => {
    encrypt(
      plaintext,
      {
        rsa_pub: cert.publicKey.export({ type: 'spki', format: 'pem' }),
        pem: cert.toString(),
        encryptionAlgorithm: AES256_GCM,
        keyEncryptionAlgorithm: RSA_OAEP_MGF1P,
        disallowEncryptionWithInsecureAlgorithm: true,
        warnInsecureAlgorithm: false,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  const parsed = parseXml(encryptedData, { maxBytes: 4 * 1024 * 1024 }).documentElement;
  if (parsed === null) fail(ErrorCodes.INTERNAL, 'xml-encryption returned no element');
  return el(NS.saml, 'saml:EncryptedAssertion', {}, [fromDom(parsed)]);
}
