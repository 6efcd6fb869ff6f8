import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseXml } from './parse-xml.ts';

type Part = RegExp | string;
interface Grammar {
  reg: (...parts: Part[]) => RegExp;
  QName_group: RegExp;
  S_OPT: RegExp;
}
const grammar = createRequire(import.meta.url)('@xmldom/xmldom/lib/grammar.js') as Grammar;

describe('the cache of @xmldom/xmldom end-tag patterns', () => {
  it('is installed once parse-xml is loaded: the same parts give the same compiled expression', () => {
    expect(parseXml('<a><b/></a>').documentElement?.localName).toBe('a');
    const first = grammar.reg('^', grammar.QName_group, grammar.S_OPT, '$');
    expect(grammar.reg('^', grammar.QName_group, grammar.S_OPT, '$')).toBe(first);
    expect(grammar.reg('^', grammar.QName_group)).not.toBe(first);
    expect(first.flags).not.toMatch(/[gy]/); // exec keeps no state between calls
  });

  it('is what the parser calls for every end tag (it fails if xmldom stops looking reg up per call)', () => {
    const installed = grammar.reg;
    let calls = 0;
    grammar.reg = function (this: unknown, ...parts: Part[]) {
      calls++;
      return installed.apply(this, parts);
    };
    try {
      parseXml('<a><b></b><c></c><d/></a>');
    } finally {
      grammar.reg = installed;
    }
    expect(calls).toBeGreaterThanOrEqual(3);
  });

  it('leaves end-tag checking as it was', () => {
    const doc = parseXml('<s:a xmlns:s="urn:x"><s:b>t</s:b ><c></c\t></s:a>');
    expect(doc.documentElement?.textContent).toBe('t');
    for (const bad of ['<a><b></c></a>', '<a></a b>', '<a></a\nb>', '<a></1a>'])
      expect(() => parseXml(bad), bad).toThrow(/not well-formed|exactly one root/);
  });
});
