import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from './csv.ts';

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180 §2)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('2026-12-03')).toBe('2026-12-03');
  });

  it('writes records with CRLF after a byte-order mark', () => {
    expect(
      csvDocument([
        ['Päivä', 'Yhteensä'],
        ['2026-12-03', '6'],
      ]),
    ).toBe('\uFEFFPäivä,Yhteensä\r\n2026-12-03,6\r\n');
  });
});
