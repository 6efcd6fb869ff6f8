import { describe, expect, it } from 'vitest';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { canonicalize } from './canonical-xml.ts';
import { NS } from './namespaces.ts';
import { eachRandomTree } from './random-namespace-trees.test-data.ts';
import { writeCanonical } from './write-canonical-tree.ts';
import { el, fromDom } from './xml-tree.ts';

/**
 * The tree writer against two independent canonicalisers of the same document: xml-crypto's Exclusive
 * XML Canonicalization and Passi's DOM writer (itself compared with xml-crypto in canonical-xml.test.ts).
 * The trees are the seeded random namespace trees of random-namespace-trees.test-data.ts, read into the
 * element tree with `fromDom`.
 */
describe('writeCanonical', () => {
  it('writes what xml-crypto’s Exclusive XML Canonicalization writes, on 1,500 random namespace trees', () => {
    const { compared, nested } = eachRandomTree(20261207, 1500, (parsed) => {
      const theirs = new ExclusiveCanonicalization().process(parsed as unknown as globalThis.Element, {});
      const written = writeCanonical(fromDom(parsed));
      expect(written).toBe(theirs.toString());
      expect(written).toBe(canonicalize(parsed));
    });
    expect(compared).toBeGreaterThan(1000);
    expect(nested).toBeGreaterThan(200);
  });

  it('declares a namespace where it is first used, and again below an element that rebinds its prefix', () => {
    const inner = el('urn:b', 'p:E', {}, [el('urn:a', 'p:E')]);
    const tree = el('urn:a', 'p:Root', { b: '2', a: '1' }, [el('urn:a', 'p:Child', {}, ['x']), inner]);
    expect(writeCanonical(tree)).toBe(
      '<p:Root xmlns:p="urn:a" a="1" b="2"><p:Child>x</p:Child><p:E xmlns:p="urn:b"><p:E xmlns:p="urn:a"></p:E></p:E></p:Root>',
    );
  });

  it('puts xml:lang in the XML namespace, after the unqualified attributes, and never declares it', () => {
    const tree = el(NS.mdui, 'mdui:DisplayName', { 'xml:lang': 'fi', z: 'last' }, ['Koulu']);
    expect(tree.attrs.map((a) => a.ns)).toEqual(['', NS.xml]);
    expect(writeCanonical(tree)).toBe(
      `<mdui:DisplayName xmlns:mdui="${NS.mdui}" z="last" xml:lang="fi">Koulu</mdui:DisplayName>`,
    );
  });

  it('leaves out attributes whose value is undefined and escapes text and attribute values', () => {
    const tree = el('', 'E', { A: 'q"<&\t\n\r', Gone: undefined }, ['a<b>&c\r']);
    expect(writeCanonical(tree)).toBe('<E A="q&quot;&lt;&amp;&#x9;&#xA;&#xD;">a&lt;b&gt;&amp;c&#xD;</E>');
  });

  it('writes U+0085 and U+2028 as character references on the wire only', () => {
    const tree = el('', 'E', {}, ['a\u0085b\u2028c']);
    expect(writeCanonical(tree)).toBe('<E>a\u0085b\u2028c</E>');
    expect(writeCanonical(tree, { wire: true })).toBe('<E>a&#x85;b&#x2028;c</E>');
  });

  it('refuses a character XML cannot carry', () => {
    expect(() => writeCanonical(el('', 'E', {}, ['\u0001']))).toThrow(/XML 1.0 Char/);
    expect(() => writeCanonical(el('', 'E', { A: '\uFFFF' }))).toThrow(/XML 1.0 Char/);
  });
});
