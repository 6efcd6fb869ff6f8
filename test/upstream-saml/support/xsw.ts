/**
 * Signature-wrapping variants after SAML Raider (CompassSecurity/SAMLRaider XSWHelpers, after Somorovsky
 * et al., "On Breaking SAML", USENIX Security 2012), applied with the DOM to a signed Response: each keeps
 * the signed bytes somewhere and puts an "evil" copy where a naive SP would read it.
 */
import { DOMParser, type Document, type Element, XMLSerializer } from '@xmldom/xmldom';
import { NS } from '../../../src/protocols/saml/namespaces.ts';

export const EVIL_NAME = 'Pahis';

function parse(xml: string): { doc: Document; response: Element; assertion: Element } {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const response = doc.documentElement;
  const assertion = doc.getElementsByTagNameNS(NS.saml, 'Assertion').item(0);
  if (response === null || assertion === null) throw new Error('no Response/Assertion');
  return { doc, response, assertion };
}

const serialise = (doc: Document) => new XMLSerializer().serializeToString(doc);

export function signatureOf(element: Element): Element {
  for (let c = element.firstChild; c !== null; c = c.nextSibling) {
    if (c.nodeType === 1 && c.namespaceURI === NS.ds && c.localName === 'Signature' && isElement(c)) return c;
  }
  throw new Error(`no Signature on ${element.localName}`);
}

function isElement(n: { nodeType: number }): n is Element {
  return n.nodeType === 1;
}

function withoutSignature<T extends Element>(element: T): Element {
  const copy = element.cloneNode(true);
  if (!isElement(copy)) throw new Error('clone is not an element');
  for (let c = copy.firstChild; c !== null; c = c.nextSibling) {
    if (c.nodeType === 1 && c.localName === 'Signature') {
      copy.removeChild(c);
      break;
    }
  }
  return copy;
}

/** The attacker's change: another first name (and NameID); a new ID when asked. */
export function evilize(element: Element, newId?: string): void {
  if (newId !== undefined) element.setAttribute('ID', newId);
  const attributes = element.getElementsByTagNameNS(NS.saml, 'Attribute');
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes.item(i);
    if (a?.getAttribute('Name') !== 'firstName') continue;
    const v = a.getElementsByTagNameNS(NS.saml, 'AttributeValue').item(0);
    if (v) v.textContent = EVIL_NAME;
  }
  const nameId = element.getElementsByTagNameNS(NS.saml, 'NameID').item(0);
  if (nameId) nameId.textContent = 'evil';
}

type Variant = (xml: string) => string;

export const XSW: Record<'xsw1' | 'xsw2' | 'xsw3' | 'xsw4' | 'xsw5' | 'xsw6' | 'xsw7' | 'xsw8', Variant> = {
  xsw1(xml) {
    const { doc, response } = parse(xml);
    const clone = withoutSignature(response);
    signatureOf(response).appendChild(clone);
    evilize(response, '_evilresponse');
    return serialise(doc);
  },
  xsw2(xml) {
    const { doc, response } = parse(xml);
    const clone = withoutSignature(response);
    response.insertBefore(clone, signatureOf(response));
    evilize(response, '_evilresponse');
    return serialise(doc);
  },
  xsw3(xml) {
    const { doc, response, assertion } = parse(xml);
    const evil = withoutSignature(assertion);
    evilize(evil, '_evilassertion');
    response.insertBefore(evil, assertion);
    return serialise(doc);
  },
  xsw4(xml) {
    const { doc, response, assertion } = parse(xml);
    const evil = withoutSignature(assertion);
    evilize(evil, '_evilassertion');
    response.appendChild(evil);
    evil.appendChild(assertion);
    return serialise(doc);
  },
  xsw5(xml) {
    const { doc, response, assertion } = parse(xml);
    response.appendChild(withoutSignature(assertion));
    evilize(assertion, '_evilassertion');
    return serialise(doc);
  },
  xsw6(xml) {
    const { doc, assertion } = parse(xml);
    const original = withoutSignature(assertion);
    evilize(assertion, '_evilassertion');
    signatureOf(assertion).appendChild(original);
    return serialise(doc);
  },
  xsw7(xml) {
    const { doc, response, assertion } = parse(xml);
    const extensions = doc.createElementNS(NS.samlp, 'samlp:Extensions');
    const evil = withoutSignature(assertion);
    evilize(evil);
    extensions.appendChild(evil);
    response.insertBefore(extensions, assertion);
    return serialise(doc);
  },
  xsw8(xml) {
    const { doc, assertion } = parse(xml);
    const object = doc.createElementNS(NS.ds, 'ds:Object');
    object.appendChild(withoutSignature(assertion));
    signatureOf(assertion).appendChild(object);
    evilize(assertion);
    return serialise(doc);
  },
};

/** Applies a DOM edit to the Response XML. */
export function edit(
  xml: string,
  change: (parts: { doc: Document; response: Element; assertion: Element }) => void,
): string {
  const parts = parse(xml);
  change(parts);
  return serialise(parts.doc);
}
