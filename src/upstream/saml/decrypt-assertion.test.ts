import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PassiError } from '../../core/errors.ts';
import { encryptAssertion } from '../../protocols/saml/encrypt-assertion.ts';
import { NS } from '../../protocols/saml/namespaces.ts';
import { parseXml } from '../../protocols/saml/parse-xml.ts';
import { testKey } from '../../protocols/saml/test-kit.ts';
import { writeCanonical } from '../../protocols/saml/write-canonical-tree.ts';
import { el, fromDom } from '../../protocols/saml/xml-tree.ts';
import { decryptAssertion } from './decrypt-assertion.ts';

const passi = testKey('decrypt-assertion-passi');
const other = testKey('decrypt-assertion-other');
const keyOf = (k: { privateKeyPem: string }) => ({
  key: createPrivateKey(k.privateKeyPem),
  pem: k.privateKeyPem,
});

const ASSERTION = `<saml:Assertion xmlns:saml="${NS.saml}" ID="_a1" Version="2.0" IssueInstant="2026-12-04T10:00:00Z"><saml:Issuer>https://idp.koulu.example</saml:Issuer></saml:Assertion>`;

/** A Response holding one EncryptedAssertion for `certificatePem`, parsed as the verifier parses it. */
async function encryptedIn(certificatePem: string) {
  const assertion = parseXml(ASSERTION).documentElement;
  if (assertion === null) throw new Error('no assertion');
  const encrypted = await encryptAssertion(fromDom(assertion), certificatePem);
  const response = el(NS.samlp, 'samlp:Response', { ID: '_r1' }, [encrypted]);
  // Parsed, as a Response arrives: the element handed over belongs to a received document.
  const received = parseXml(writeCanonical(response));
  const element = received.getElementsByTagNameNS(NS.saml, 'EncryptedAssertion').item(0);
  if (element === null) throw new Error('no EncryptedAssertion');
  return element;
}

describe('decryptAssertion', () => {
  it('decrypts the EncryptedAssertion element of a parsed Response', async () => {
    const element = await encryptedIn(passi.certificatePem);
    const plain = await decryptAssertion(element, keyOf(passi), false);
    expect(parseXml(plain).documentElement?.getAttribute('ID')).toBe('_a1');
  });

  it('refuses an assertion encrypted for another key', async () => {
    const element = await encryptedIn(other.certificatePem);
    const error = await decryptAssertion(element, keyOf(passi), false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PassiError);
  });
});
