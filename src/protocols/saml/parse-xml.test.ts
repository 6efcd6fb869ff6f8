import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../core/error-codes.ts';
import { MAX_XML_DEPTH, parseXml } from './parse-xml.ts';

const nested = (depth: number) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;

describe('parseXml limits', () => {
  it('accepts nesting up to the limit (SAML needs about a dozen levels)', () => {
    expect(parseXml(nested(MAX_XML_DEPTH)).documentElement?.localName).toBe('a');
    // Empty elements, comments, CDATA and `>` inside attribute values do not count as levels.
    const shallow = `<a b="x>y"><c/><!-- <d> --><![CDATA[<e>]]><?p <f>?>${'<g/>'.repeat(500)}</a>`;
    expect(parseXml(shallow).documentElement?.childNodes.length).toBeGreaterThan(500);
  });

  it('refuses a document 20,000 levels deep before building a DOM, quickly', () => {
    const started = performance.now();
    expect(() => parseXml(nested(20_000))).toThrow(
      expect.objectContaining({
        code: ErrorCodes.REQUEST_INVALID,
        message: expect.stringMatching(/nested deeper than 64/),
      }),
    );
    expect(() => parseXml(nested(MAX_XML_DEPTH + 1))).toThrow(/nested deeper/);
    // A DOM of 20,000 levels costs hundreds of milliseconds; the byte scan a few.
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('refuses NUL and the other characters XML 1.0 §2.2 does not allow', () => {
    for (const c of ['\u0000', '\u0001', '\u000b', '\u001f', '\ufffe'])
      expect(() => parseXml(`<a>x${c}y</a>`), JSON.stringify(c)).toThrow(
        expect.objectContaining({ code: ErrorCodes.REQUEST_INVALID }),
      );
    expect(() => parseXml('<a b="\u0000"/>')).toThrow(/not allowed in XML/);
    // Tab, line feed, carriage return and XML 1.1 line ends are ordinary text.
    expect(parseXml('<a>\t\n\r\u0085\u2028</a>').documentElement?.textContent).toBe('\t\n\n\u0085\u2028');
  });
});

describe('parseXml well-formedness', () => {
  it('refuses an end tag that closes nothing (@xmldom/xmldom 0.9 would drop it silently)', () => {
    for (const xml of ['<a></a></a>', '<a><b/></a></b>', '</a><a></a>', '<a/></a>'])
      expect(() => parseXml(xml), xml).toThrow(
        expect.objectContaining({
          code: ErrorCodes.REQUEST_INVALID,
          message: expect.stringMatching(/end tag/),
        }),
      );
    // A quoted `/>` in an attribute, comments, CDATA and processing instructions are not tags.
    expect(parseXml('<a b="/>"><!-- </a> --><![CDATA[</a>]]><?p </a>?></a>').documentElement?.localName).toBe(
      'a',
    );
  });
});
