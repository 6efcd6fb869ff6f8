/**
 * Decrypts a school's EncryptedAssertion (XML Encryption 1.1; the algorithms were checked before by
 * check-response-structure.ts: RSA-OAEP key transport, AES-GCM, or AES-CBC only inside a verified Response
 * signature). The key is Passi's decryption key parsed once (parsed-private-keys.ts). With a key worth
 * the handoff (pool-handoff.ts: 3072 bits or more), the common shape is decrypted with the RSA operation
 * off the event loop (decrypt-off-thread.ts); anything else, with xml-encryption.
 *
 * xml-encryption is given the EncryptedAssertion element of the already parsed Response, not its text:
 * it then reads the very nodes check-response-structure.ts checked (and the Response signature covered),
 * and the ciphertext, often most of an ADFS Response, is neither serialised again nor parsed a second time.
 */
import type { KeyObject } from 'node:crypto';
import { type DecryptOptions, decrypt } from 'xml-encryption';
import type { XmlElementView } from '../../protocols/saml/xml-view.ts';
import { worthThePoolHandoff } from '../../protocols/signing/pool-handoff.ts';
import { rejected } from './check-response-structure.ts';
import { decryptOffThread, offThreadPlan } from './decrypt-off-thread.ts';

export interface DecryptionKey {
  key: KeyObject;
  /** The same key as PEM, for xml-encryption's OAEP fallback (below). */
  pem: string;
}

export async function decryptAssertion(
  encrypted: XmlElementView,
  key: DecryptionKey,
  allowCbc: boolean,
): Promise<string> {
  const plan = worthThePoolHandoff(key.key) ? offThreadPlan(encrypted) : undefined;
  if (plan !== undefined) return decryptOffThread(plan, key.key, allowCbc);
  try {
    return await decryptWith(encrypted, key.key, allowCbc);
  } catch {
    // xml-encryption hands the key to node:crypto's privateDecrypt, which takes a key object, except in
    // its own OAEP code for an MGF1 digest other than the OAEP digest, which parses PEM text only. A
    // refused answer pays a second attempt; an accepted one never does.
    return decryptWith(encrypted, key.pem, allowCbc).catch(() => {
      throw rejected('the assertion could not be decrypted with Passi’s key');
    });
  }
}

function decryptWith(encrypted: XmlElementView, key: KeyObject | string, allowCbc: boolean): Promise<string> {
  // The published types allow PEM text only; at run time the key reaches node:crypto unchanged, which
  // accepts a KeyObject (xml-encryption lib/xmlenc.js decryptKeyInfoWithScheme).
  const options: Omit<DecryptOptions, 'key'> & { key: KeyObject | string } = {
    key,
    disallowDecryptionWithInsecureAlgorithm: !allowCbc,
    warnInsecureAlgorithm: false,
  };
  // The published types allow XML text only; xml-encryption 6 parses a string and takes anything else as
  // the DOM node to search (lib/xmlenc.js decrypt), and its lookups are scoped to that node's subtree and
  // read only DOM Level 2 members (lib/dom-select.js: nodeType, firstChild, nextSibling, parentNode,
  // localName, namespaceURI, getAttribute, textContent), all of them in the view (xml-view.ts).
  const xml = encrypted as unknown as string;
  return new Promise((resolve, reject) => {
    decrypt(xml, options as DecryptOptions, (err, result) => {
      if (err || typeof result !== 'string') reject(err ?? new Error('no plaintext'));
      else resolve(result);
    });
  });
}
