/**
 * node-saml decrypts an EncryptedAssertion itself and parses the plaintext with its bundled xmldom 0.8,
 * which folds U+0085 and U+2028 into `\n` (XML 1.1 §2.11) before the Assertion's signature is checked,
 * so a school's signed value holding one fails although xmlsec1 verifies it. node-saml has no option
 * for this; its decryption step is the exported `decryptXml` of its `lib/xml` module, looked up at each
 * call. Wrapping it to write those characters as character references (escape-xml11-line-ends.ts) gives
 * the same document (XML 1.0 §4.1), so every signature and structure check still runs on the same
 * information set; nothing is skipped. Installed once; a node-saml without that function fails loudly.
 */
import { createRequire } from 'node:module';
import { escapeXml11LineEnds } from './escape-xml11-line-ends.ts';

type DecryptXml = (xml: string, key: string | Buffer) => Promise<string>;
interface NodeSamlXml {
  decryptXml: DecryptXml & { escapesXml11LineEnds?: true };
}

export function escapeLineEndsInNodeSamlDecryption(): void {
  const xml: Partial<NodeSamlXml> = createRequire(import.meta.url)('@node-saml/node-saml/lib/xml');
  const original = xml.decryptXml;
  if (typeof original !== 'function') throw new Error('node-saml no longer exports lib/xml decryptXml');
  if (original.escapesXml11LineEnds) return;
  const wrapped: NodeSamlXml['decryptXml'] = async (encrypted, key) =>
    escapeXml11LineEnds(await original(encrypted, key));
  wrapped.escapesXml11LineEnds = true;
  xml.decryptXml = wrapped;
}
