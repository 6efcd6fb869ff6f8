import { X509Certificate } from 'node:crypto';
import { NS } from './namespaces.ts';
import { el, type XmlChild } from './xml-tree.ts';

/** Builders shared by Passi's IdP and SP metadata (SAML Metadata 2.0 §2.4.1.1 KeyDescriptor). */
export function metadataElements() {
  const md = (name: string, attrs: Record<string, string | undefined> = {}, children: XmlChild[] = []) =>
    el(NS.md, `md:${name}`, attrs, children);
  const keyDescriptor = (
    use: 'signing' | 'encryption',
    pem: string,
    encryptionMethods: readonly string[] = [],
  ) =>
    md('KeyDescriptor', { use }, [
      el(NS.ds, 'ds:KeyInfo', {}, [
        el(NS.ds, 'ds:X509Data', {}, [
          el(NS.ds, 'ds:X509Certificate', {}, [new X509Certificate(pem).raw.toString('base64')]),
        ]),
      ]),
      ...encryptionMethods.map((a) => md('EncryptionMethod', { Algorithm: a })),
    ]);
  return { md, keyDescriptor };
}
