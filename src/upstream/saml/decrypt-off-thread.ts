/**
 * A school's EncryptedAssertion decrypted with the RSA private-key operation on libuv's thread pool.
 *
 * xml-encryption unwraps the content key with node:crypto's `privateDecrypt`, which runs on the event
 * loop: ≈ 0.3 ms with RSA-2048 and ≈ 1.6 ms with RSA-3072, production's default, on every login through
 * an encrypting (ADFS-style) school, while every other request waits. WebCrypto's `decrypt` does the same
 * RSA-OAEP operation on the pool (docs/performance.md "Decryption off the event loop").
 *
 * Only the common shape is taken here, read exactly as xml-encryption 6 reads it (lib/xmlenc.js
 * `decrypt`, `decryptKeyInfo`; lib/dom-select.js): one EncryptedData and one EncryptedKey, the key inline in
 * the data's KeyInfo or its peer named by a RetrievalMethod, RSA-OAEP whose OAEP digest and MGF1 digest
 * are the same (WebCrypto takes one hash for both; RFC 8017 §7.1 allows them to differ). Anything else
 * (several keys, a digest xml-encryption would silently read as SHA-1, MGF1 other than the digest) is
 * left to xml-encryption: `offThreadPlan` returns undefined and nothing about the answer is decided here.
 * Content decryption (AES, microseconds) stays on the loop, as xml-encryption does it: GCM with a 12-byte
 * IV and 16-byte tag, CBC with a 16-byte IV and XML Encryption's padding (XML-Enc 1.1 §5.2).
 */
import { type CipherGCMTypes, createDecipheriv, type KeyObject, webcrypto } from 'node:crypto';
import { NS } from '../../protocols/saml/namespaces.ts';
import { isElementView, type XmlElementView } from '../../protocols/saml/xml-view.ts';
import { rejected } from './check-response-structure.ts';

const XENC11 = 'http://www.w3.org/2009/xmlenc11#';
const RSA_OAEP_MGF1P = 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p';
const RSA_OAEP_11 = `${XENC11}rsa-oaep`;

type Hash = 'SHA-1' | 'SHA-256' | 'SHA-512';

/** OAEP digests as xml-encryption names them (an unknown one it reads as SHA-1: left to it here). */
const OAEP_DIGESTS: Readonly<Record<string, Hash>> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'SHA-1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'SHA-256',
  'http://www.w3.org/2000/09/xmldsig#sha256': 'SHA-256',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'SHA-512',
  'http://www.w3.org/2000/09/xmldsig#sha512': 'SHA-512',
};

/** MGF1 digests of xenc11:MGF (XML-Enc 1.1 §5.5.2), with the alias xml-encryption also accepts. */
const MGF1_DIGESTS: Readonly<Record<string, Hash>> = {
  [`${XENC11}mgf1sha1`]: 'SHA-1',
  'http://www.w3.org/2001/04/xmlenc#MGF1withSHA1': 'SHA-1',
  [`${XENC11}mgf1sha256`]: 'SHA-256',
  [`${XENC11}mgf1sha512`]: 'SHA-512',
};

type ContentCipher = { gcm: CipherGCMTypes } | { cbc: 'aes-128-cbc' | 'aes-256-cbc' };

const CONTENT: Readonly<Record<string, ContentCipher>> = {
  'http://www.w3.org/2009/xmlenc11#aes128-gcm': { gcm: 'aes-128-gcm' },
  'http://www.w3.org/2009/xmlenc11#aes256-gcm': { gcm: 'aes-256-gcm' },
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc': { cbc: 'aes-128-cbc' },
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc': { cbc: 'aes-256-cbc' },
};

export interface OffThreadPlan {
  hash: Hash;
  label: Buffer;
  wrappedKey: Buffer;
  contentAlgorithm: string;
  content: Buffer;
}

/** What to decrypt and how, when the EncryptedAssertion has the common shape; otherwise undefined. */
export function offThreadPlan(encryptedAssertion: XmlElementView): OffThreadPlan | undefined {
  const data = onlyDescendant(encryptedAssertion, 'EncryptedData');
  const key = onlyDescendant(encryptedAssertion, 'EncryptedKey');
  if (data === undefined || key === undefined || !placedAsXmlEncryptionFindsIt(key, data)) return undefined;

  const contentMethod = onlyChild(data, NS.xenc, 'EncryptionMethod');
  const contentValue = cipherValue(data);
  const keyMethod = onlyChild(key, NS.xenc, 'EncryptionMethod');
  const keyValue = cipherValue(key);
  if (!contentMethod || contentValue === undefined || !keyMethod || keyValue === undefined) return undefined;

  const hash = oaepHash(keyMethod);
  if (hash === undefined) return undefined;
  const params = optionalChild(keyMethod, NS.xenc, 'OAEPparams');
  if (params === null) return undefined;
  return {
    hash,
    label: params === undefined ? Buffer.alloc(0) : Buffer.from(params.textContent ?? '', 'base64'),
    wrappedKey: Buffer.from(keyValue, 'base64'),
    contentAlgorithm: contentMethod.getAttribute('Algorithm') ?? '',
    content: Buffer.from(contentValue, 'base64'),
  };
}

/** The assertion's text. CBC only where the caller allows it (inside a verified Response signature). */
export async function decryptOffThread(
  plan: OffThreadPlan,
  privateKey: KeyObject,
  allowCbc: boolean,
): Promise<string> {
  const content = CONTENT[plan.contentAlgorithm];
  if (content === undefined || ('cbc' in content && !allowCbc)) {
    throw rejected(`content encryption ${plan.contentAlgorithm || '(none)'} not allowed`);
  }
  let symmetricKey: Buffer;
  try {
    const cryptoKey = await oaepKey(privateKey, plan.hash);
    const algorithm = plan.label.length > 0 ? { name: 'RSA-OAEP', label: plan.label } : { name: 'RSA-OAEP' };
    symmetricKey = Buffer.from(await webcrypto.subtle.decrypt(algorithm, cryptoKey, plan.wrappedKey));
  } catch {
    throw rejected('the assertion could not be decrypted with Passi’s key');
  }
  try {
    return 'cbc' in content
      ? decryptCbc(content.cbc, symmetricKey, plan.content)
      : decryptGcm(content.gcm, symmetricKey, plan.content);
  } catch {
    throw rejected('the assertion could not be decrypted with Passi’s key');
  }
}

function decryptGcm(cipher: CipherGCMTypes, key: Buffer, data: Buffer): string {
  if (data.length < 12 + 16) throw new Error('shorter than IV and tag');
  const decipher = createDecipheriv(cipher, key, data.subarray(0, 12), { authTagLength: 16 });
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
  return plain.toString('utf8');
}

function decryptCbc(cipher: 'aes-128-cbc' | 'aes-256-cbc', key: Buffer, data: Buffer): string {
  const decipher = createDecipheriv(cipher, key, data.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]);
  // XML Encryption's padding: arbitrary bytes, the last one their count (1 to the block size).
  const padding = plain.length === 0 ? 0 : (plain[plain.length - 1] ?? 0);
  if (padding < 1 || padding > 16) throw new Error('padding length invalid');
  return plain.subarray(0, plain.length - padding).toString('utf8');
}

/** RSA-OAEP's one hash, when the OAEP digest and MGF1's digest are the same and WebCrypto names it. */
function oaepHash(method: XmlElementView): Hash | undefined {
  const algorithm = method.getAttribute('Algorithm');
  const digestMethod = optionalChild(method, NS.ds, 'DigestMethod');
  const mgf = optionalChild(method, XENC11, 'MGF');
  if (digestMethod === null || mgf === null) return undefined;
  const digest =
    digestMethod === undefined ? 'SHA-1' : OAEP_DIGESTS[digestMethod.getAttribute('Algorithm') ?? ''];
  let mgf1: Hash | undefined;
  if (algorithm === RSA_OAEP_MGF1P) {
    // The identifier fixes MGF1 to SHA-1, and an MGF child is an error xml-encryption reports.
    if (mgf !== undefined) return undefined;
    mgf1 = 'SHA-1';
  } else if (algorithm === RSA_OAEP_11) {
    mgf1 = mgf === undefined ? 'SHA-1' : MGF1_DIGESTS[mgf.getAttribute('Algorithm') ?? ''];
  }
  return digest !== undefined && digest === mgf1 ? digest : undefined;
}

/**
 * xml-encryption takes the first EncryptedKey whose parent is a KeyInfo, else the one a RetrievalMethod
 * in the data's KeyInfo names by Id. With one key of each, both readings agree exactly when this holds.
 */
function placedAsXmlEncryptionFindsIt(key: XmlElementView, data: XmlElementView): boolean {
  const parent = key.parentNode;
  if (parent !== null && isElementView(parent) && parent.localName === 'KeyInfo')
    return parent.namespaceURI === NS.ds && parent.parentNode === data;
  const keyInfo = onlyChild(data, NS.ds, 'KeyInfo');
  const retrieval = keyInfo && onlyChild(keyInfo, NS.ds, 'RetrievalMethod');
  const id = key.getAttribute('Id');
  return Boolean(retrieval && id && retrieval.getAttribute('URI') === `#${id}`);
}

function cipherValue(parent: XmlElementView): string | undefined {
  const cipherData = onlyChild(parent, NS.xenc, 'CipherData');
  const value = cipherData && onlyChild(cipherData, NS.xenc, 'CipherValue');
  return value ? (value.textContent ?? '') : undefined;
}

/** The one element of this local name below `root` (any namespace counted), when it is in xenc. */
function onlyDescendant(root: XmlElementView, localName: string): XmlElementView | undefined {
  const all = root.getElementsByTagNameNS('*', localName);
  const only = all.length === 1 ? all.item(0) : null;
  return only !== null && only.namespaceURI === NS.xenc ? only : undefined;
}

/** The one child of this local name (any namespace counted), when it has the namespace; else undefined. */
function onlyChild(parent: XmlElementView, ns: string, localName: string): XmlElementView | undefined {
  const found = optionalChild(parent, ns, localName);
  return found ?? undefined;
}

/** Undefined when absent; null when repeated or in another namespace (the shape is then not taken). */
function optionalChild(
  parent: XmlElementView,
  ns: string,
  localName: string,
): XmlElementView | null | undefined {
  let found: XmlElementView | undefined;
  for (let c = parent.firstChild; c !== null; c = c.nextSibling) {
    if (!isElementView(c) || c.localName !== localName) continue;
    if (found !== undefined || c.namespaceURI !== ns) return null;
    found = c;
  }
  return found;
}

/** Passi's decryption key imported for WebCrypto once per key and hash. */
const imported = new WeakMap<KeyObject, Map<Hash, Promise<webcrypto.CryptoKey>>>();

function oaepKey(privateKey: KeyObject, hash: Hash): Promise<webcrypto.CryptoKey> {
  let byHash = imported.get(privateKey);
  if (byHash === undefined) {
    byHash = new Map();
    imported.set(privateKey, byHash);
  }
  let key = byHash.get(hash);
  if (key === undefined) {
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    key = webcrypto.subtle.importKey('pkcs8', der, { name: 'RSA-OAEP', hash }, false, ['decrypt']);
    // A key that cannot be imported (not RSA) is not kept: the next answer tries again and is refused.
    key.catch(() => byHash.delete(hash));
    byHash.set(hash, key);
  }
  return key;
}
