import { type Element, XMLSerializer } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { canonicalize } from './canonical-xml.ts';
import {
  descendants,
  docOf,
  eachRandomTree,
  newDocument,
  randomElement,
  reparse,
  seeded,
} from './random-namespace-trees.test-data.ts';

/**
 * Passi's canonical writer against an independent one: xml-crypto's Exclusive XML Canonicalization of the
 * same tree. The trees are random but seeded (the same on every run), and mix
 * what the writer's rules are about: prefixed and default namespaces, the same prefix bound to different
 * URIs at different depths, prefixed attributes that need a declaration of their own, `xml:` attributes,
 * declarations present in the DOM that are not visibly utilised, and text and attribute values to escape.
 */
describe('canonicalize', () => {
  it('writes what xml-crypto’s Exclusive XML Canonicalization writes, on 1,500 random namespace trees', () => {
    // Both canonicalisers read the same tree: the random one written out and parsed again, as a school's
    // document reaches Passi (the writer may pick other prefixes than the DOM holds).
    const { compared, nested } = eachRandomTree(20261205, 1500, (parsed, doc) => {
      // xml-crypto declares its canonicalisers on the DOM library's Element; it reads only the DOM Level 2
      // members @xmldom/xmldom's nodes carry (verify-school-signature.ts runs it on them too).
      const theirs = new ExclusiveCanonicalization().process(parsed as unknown as globalThis.Element, {});
      expect(canonicalize(parsed), new XMLSerializer().serializeToString(doc)).toBe(theirs.toString());
    });
    // A few random trees bind one prefix twice on one element and cannot be written: most can.
    expect(compared).toBeGreaterThan(1000);
    expect(nested).toBeGreaterThan(200); // the rules that matter apply between nested elements
  });

  it('leaves out an omitted subtree exactly as if it were removed (the enveloped-signature transform)', () => {
    const random = seeded(20261206);
    let compared = 0;
    for (let i = 0; i < 1000; i++) {
      const doc = newDocument();
      doc.appendChild(randomElement(doc, random, 0));
      const parsed = reparse(doc);
      const omitted = parsed === undefined ? [] : descendants(parsed);
      if (parsed === undefined || omitted.length === 0) continue;
      const at = random(omitted.map((_, index) => index));
      // The judge: xml-crypto on a copy from which the same element has been taken out.
      const copy = parsed.cloneNode(true) as Element;
      const removed = descendants(copy)[at];
      removed?.parentNode?.removeChild(removed);
      const theirs = new ExclusiveCanonicalization().process(copy as unknown as globalThis.Element, {});
      const omit = omitted[at];
      expect(canonicalize(parsed, omit === undefined ? {} : { omit })).toBe(theirs.toString());
      compared++;
    }
    expect(compared).toBeGreaterThan(250);
  });

  it('orders attributes by code point, not by UTF-16 unit (C14N 1.0 §2.2)', () => {
    // U+F900 sorts before U+10000 by code point; as UTF-16 units the surrogate D800 comes first.
    const root = reparse(docOf('<e \u{10000}="astral" \uF900="bmp" a="ascii"/>'));
    expect(root === undefined ? '' : canonicalize(root)).toBe(
      '<e a="ascii" \uF900="bmp" \u{10000}="astral"></e>',
    );
  });
});
