/**
 * Metadata "mdui name/logo": `GET /idp/shibboleth` on a real Passi carries an mdui:Logo with an
 * absolute URL under the public URL and its width and height (MDUI 1.0 §2.1.6), inside the signed
 * EntityDescriptor, so the signature still verifies (xmlsec1 and xml-crypto) and covers the logo; the URL
 * answers with the image those attributes describe, loadable from other sites.
 */
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NS } from '../../src/protocols/saml/namespaces.ts';
import {
  xmlCryptoVerify,
  xmlsecAvailable,
  xmlsecVerify,
  xsdValidate,
} from '../../src/protocols/saml/test-kit.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { idpCertificate } from './support/saml-checks.ts';

/** The element path from the root to `element`, as namespace-prefixed local names. */
function ancestry(element: Element): string[] {
  const names: string[] = [];
  for (let n: Node | null = element; n && isElement(n); n = n.parentNode) {
    names.unshift(`${n.namespaceURI === NS.mdui ? 'mdui' : 'md'}:${n.localName}`);
  }
  return names;
}

function isElement(node: Node): node is Element {
  return node.nodeType === node.ELEMENT_NODE;
}

describe('GET /idp/shibboleth publishes Passi’s logo (mdui:Logo)', () => {
  let t: TestApp;
  let metadata: string;
  let logos: Element[];
  beforeAll(async () => {
    t = await createTestApp();
    const response = await fetch(`${t.baseUrl}/idp/shibboleth`);
    expect(response.status).toBe(200);
    metadata = await response.text();
    const doc = new DOMParser().parseFromString(metadata, 'application/xml');
    logos = [...doc.getElementsByTagNameNS(NS.mdui, 'Logo')];
  });
  afterAll(() => t?.close());

  it('has one mdui:Logo in the IdP’s UIInfo: an absolute URL under the public URL, with width and height', () => {
    expect(logos).toHaveLength(1);
    const logo = logos[0];
    if (!logo) throw new Error('no mdui:Logo');
    expect(ancestry(logo)).toEqual([
      'md:EntityDescriptor',
      'md:IDPSSODescriptor',
      'md:Extensions',
      'mdui:UIInfo',
      'mdui:Logo',
    ]);
    expect(logo.textContent).toBe(`${t.baseUrl}/idp/logo.svg`);
    expect(logo.getAttribute('width')).toBe('160');
    expect(logo.getAttribute('height')).toBe('60');
  });

  it('still validates against the SAML 2.0 metadata XSD with mdui', async () => {
    expect((await xsdValidate(metadata, 'metadata')).errors).toEqual([]);
  });

  it('signature verifies with xml-crypto, and not once the logo is changed', () => {
    expect(xmlCryptoVerify(metadata, idpCertificate(t), 'EntityDescriptor')).toBe(true);
    const tampered = metadata.replace(`${t.baseUrl}/idp/logo.svg`, 'https://evil.example/logo.svg');
    expect(tampered).not.toBe(metadata);
    expect(xmlCryptoVerify(tampered, idpCertificate(t), 'EntityDescriptor')).toBe(false);
  });

  it.skipIf(!xmlsecAvailable && !process.env.CI)(
    'signature verifies with xmlsec1, and not once the logo is changed',
    () => {
      const r = xmlsecVerify(metadata, idpCertificate(t), 'EntityDescriptor');
      expect(r.ok, r.output).toBe(true);
      const tampered = metadata.replace('width="160"', 'width="161"');
      expect(tampered).not.toBe(metadata);
      expect(xmlsecVerify(tampered, idpCertificate(t), 'EntityDescriptor').ok).toBe(false);
    },
  );

  it('the logo URL answers an SVG of the published size that other sites may show', async () => {
    const url = logos[0]?.textContent ?? '';
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const svg = new DOMParser().parseFromString(await response.text(), 'image/svg+xml').documentElement;
    expect(svg?.localName).toBe('svg');
    expect(svg?.getAttribute('width')).toBe(logos[0]?.getAttribute('width'));
    expect(svg?.getAttribute('height')).toBe(logos[0]?.getAttribute('height'));
    // A name for assistive technology where a discovery page shows it without its own alt text.
    expect(svg?.getAttribute('aria-label')).toBe('Passi');
    expect(svg?.getElementsByTagName('script')).toHaveLength(0);
  });
});
