import { DOMParser } from '@xmldom/xmldom';
import { NS } from '../../src/protocols/saml/namespaces.ts';

/** AttributeValues by Attribute Name (urn:mpass.id:schoolCode, urn:oid:2.5.4.42, …) in SAML XML. */
export function samlAttributes(xml: string): Record<string, string[]> {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const attributes: Record<string, string[]> = {};
  const list = doc.getElementsByTagNameNS(NS.saml, 'Attribute');
  for (let i = 0; i < list.length; i++) {
    const a = list.item(i);
    if (!a) continue;
    const values = a.getElementsByTagNameNS(NS.saml, 'AttributeValue');
    const out: string[] = [];
    for (let j = 0; j < values.length; j++) out.push(values.item(j)?.textContent ?? '');
    attributes[a.getAttribute('Name') ?? ''] = out;
  }
  return attributes;
}
