import { describe, expect, it } from 'vitest';
import { escapeXml11LineEnds } from './escape-xml11-line-ends.ts';
import { parseXml } from './parse-xml.ts';

describe('escapeXml11LineEnds', () => {
  it('writes U+0085 and U+2028 in text and attributes as references, the same characters after parsing', () => {
    const xml = '<a b="x\u2028y"><c>1\u00852</c></a>';
    const escaped = escapeXml11LineEnds(xml);
    expect(escaped).toBe('<a b="x&#x2028;y"><c>1&#x85;2</c></a>');
    const root = parseXml(escaped).documentElement;
    expect(root?.getAttribute('b')).toBe('x\u2028y');
    expect(root?.textContent).toBe('1\u00852');
  });

  it('leaves comments, CDATA sections and processing instructions as they are', () => {
    const xml = '<?pi a\u2028?><a><!-- \u2028 --><![CDATA[\u0085]]>\u2028</a>';
    expect(escapeXml11LineEnds(xml)).toBe('<?pi a\u2028?><a><!-- \u2028 --><![CDATA[\u0085]]>&#x2028;</a>');
  });

  it('returns a document without them unchanged', () => {
    expect(escapeXml11LineEnds('<a>b</a>')).toBe('<a>b</a>');
  });
});
