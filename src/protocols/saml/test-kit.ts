/**
 * Test-only helpers for the SAML layer: independent verifiers on the other side (xmlsec1, xml-crypto,
 * XSD validation with local schemas). Not imported by production code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { validateXML } from 'xmllint-wasm';
import { type GeneratedKey, generateKeyAndCertificate, type KeyType } from './keys.ts';
import { loadSigningCredential, type SigningCredential } from './signing-credential.ts';
import { writeCanonical } from './write-canonical-tree.ts';
import { withStrongAlgorithms } from './xml-crypto-algorithms.ts';
import { fromDom, type XmlElement } from './xml-tree.ts';

export const xmlsecAvailable = spawnSync('xmlsec1', ['--version']).status === 0;
if (!xmlsecAvailable)
  console.warn('xmlsec1 not installed: xmlsec1 checks are SKIPPED (apt-get install -y xmlsec1)');

const keyCache = new Map<string, GeneratedKey & { credential: SigningCredential }>();

/** A generated key + certificate, cached per label for the test run. */
export function testKey(label: string, type: KeyType = 'rsa-2048') {
  const cacheKey = `${label}/${type}`;
  let k = keyCache.get(cacheKey);
  if (!k) {
    const g = generateKeyAndCertificate({ type, commonName: `passi-test-${label}` });
    k = { ...g, credential: loadSigningCredential(g.privateKeyPem, g.certificatePem) };
    keyCache.set(cacheKey, k);
  }
  return k;
}

export type SignedElementName = 'Assertion' | 'Response' | 'EntityDescriptor';
const ID_ATTR_NS: Record<SignedElementName, string> = {
  Assertion: 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion',
  Response: 'urn:oasis:names:tc:SAML:2.0:protocol:Response',
  EntityDescriptor: 'urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor',
};

/** `xmlsec1 --verify` of the Signature that is a child of `element`, trusting only `certPem`. */
export function xmlsecVerify(
  xml: string,
  certPem: string,
  element: SignedElementName,
): { ok: boolean; output: string } {
  return inScratchFolder({ 'doc.xml': xml, 'cert.pem': certPem }, (at) => {
    const r = spawnSync(
      'xmlsec1',
      [
        '--verify',
        '--pubkey-cert-pem',
        at('cert.pem'),
        '--id-attr:ID',
        ID_ATTR_NS[element],
        '--node-xpath',
        `//*[local-name()='${element}']/*[local-name()='Signature']`,
        at('doc.xml'),
      ],
      { encoding: 'utf8' },
    );
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  });
}

/**
 * `xmlsec1 --sign` of a document holding an empty ds:Signature template (DigestValue and SignatureValue
 * left empty): libxml2's canonicaliser, as a school IdP built on xmlsec would sign.
 */
export function xmlsecSign(
  template: string,
  key: { privateKeyPem: string; certificatePem: string },
  element: SignedElementName,
): string {
  const files = { 'template.xml': template, 'key.pem': key.privateKeyPem, 'cert.pem': key.certificatePem };
  return inScratchFolder(files, (at) => {
    const r = spawnSync(
      'xmlsec1',
      [
        '--sign',
        '--privkey-pem',
        `${at('key.pem')},${at('cert.pem')}`,
        '--id-attr:ID',
        ID_ATTR_NS[element],
        '--output',
        at('signed.xml'),
        at('template.xml'),
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`xmlsec1 --sign failed: ${r.stdout}${r.stderr}`);
    return readFileSync(at('signed.xml'), 'utf8');
  });
}

/**
 * `xmlsec1 encrypt` of `plaintext` for the holder of `certificatePem`: an xenc:EncryptedData with the
 * EncryptedKey inline in its KeyInfo, RSA-OAEP (`rsa-oaep-mgf1p`, SHA-1) key transport and the given
 * AES content encryption, as a school IdP built on xmlsec encrypts (ADFS's shape).
 */
export function xmlsecEncrypt(
  plaintext: string,
  certificatePem: string,
  content: 'aes128-cbc' | 'aes256-cbc' | 'aes128-gcm' | 'aes256-gcm',
): string {
  const algorithm = content.endsWith('gcm')
    ? `http://www.w3.org/2009/xmlenc11#${content}`
    : `http://www.w3.org/2001/04/xmlenc#${content}`;
  const template =
    `<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">` +
    `<xenc:EncryptionMethod Algorithm="${algorithm}"/><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">` +
    `<xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p">` +
    `<ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/></xenc:EncryptionMethod>` +
    `<xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedData>`;
  const files = { 'template.xml': template, 'data.xml': plaintext, 'cert.pem': certificatePem };
  return inScratchFolder(files, (at) => {
    const r = spawnSync(
      'xmlsec1',
      [
        'encrypt',
        '--pubkey-cert-pem',
        at('cert.pem'),
        '--session-key',
        content.startsWith('aes128') ? 'aes-128' : 'aes-256',
        '--xml-data',
        at('data.xml'),
        '--node-xpath',
        '/*',
        '--output',
        at('encrypted.xml'),
        at('template.xml'),
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`xmlsec1 encrypt failed: ${r.stdout}${r.stderr}`);
    return readFileSync(at('encrypted.xml'), 'utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
  });
}

/** Runs `use` with `files` written to a fresh temporary folder (`at` names them there), then removes it. */
function inScratchFolder<T>(files: Record<string, string>, use: (at: (name: string) => string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'passi-xmlsec-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return use((name) => join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** xml-crypto's own verification of the Signature child of the first `element`, with `certPem` only. */
export function xmlCryptoVerify(xml: string, certPem: string, element: SignedElementName): boolean {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const target = doc.getElementsByTagNameNS('*', element).item(0);
  let signature = null;
  for (let c = target?.firstChild ?? null; c !== null; c = c.nextSibling) {
    if (c.nodeType === 1 && c.localName === 'Signature') signature = c;
  }
  if (signature === null) return false;
  const sig = withStrongAlgorithms(new SignedXml({ publicCert: certPem, getCertFromKeyInfo: () => null }));
  sig.loadSignature(signature.toString());
  try {
    return sig.checkSignature(xml);
  } catch {
    return false; // xml-crypto throws on a wrong signature value
  }
}

const XSD_DIR = resolve(import.meta.dirname, '../../../test/support/saml-xsd');
const xsdFiles = () =>
  readdirSync(XSD_DIR)
    .filter((f) => f.endsWith('.xsd'))
    .map((fileName) => ({ fileName, contents: readFileSync(join(XSD_DIR, fileName), 'utf8') }));

/** XSD validation with local schemas: protocol messages or metadata (with mdui). */
export async function xsdValidate(
  xml: string,
  kind: 'protocol' | 'metadata',
): Promise<{ valid: boolean; errors: string[] }> {
  const files = xsdFiles();
  const main = kind === 'protocol' ? 'saml-schema-protocol-2.0.xsd' : 'sstc-saml-metadata-ui-v1.0.xsd';
  const schema = files.filter((f) => f.fileName === main);
  const r = await validateXML({ xml: [{ fileName: 'doc.xml', contents: xml }], schema, preload: files });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}

/**
 * A built element reshaped through the DOM, as a test's odd school answer needs (an element removed, an
 * attribute changed, an assertion nested): written, parsed, edited and read back as a tree.
 */
export function editAsDom(element: XmlElement, edit: (dom: Element) => void): XmlElement {
  const dom = new DOMParser().parseFromString(writeCanonical(element), 'application/xml').documentElement;
  if (dom === null) throw new Error('the element did not parse');
  edit(dom);
  return fromDom(dom);
}
