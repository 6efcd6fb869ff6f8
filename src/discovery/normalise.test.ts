import { describe, expect, it } from 'vitest';
import { MAX_QUERY_CHARS, MAX_QUERY_WORDS, normalise, normaliseQuery } from './normalise.ts';
import { typoPrefixMatch, withinOneEdit } from './typo-match.ts';

describe('normalise', () => {
  it.each([
    ['Ähtärin Yläaste', 'ahtarin ylaaste'],
    ['Åbo Övningsskola', 'abo ovningsskola'],
    ['École Française', 'ecole francaise'],
    ['Etelä-Espoon  koulu (ES)', 'etela espoon koulu es'],
    ['ﬁnnish', 'finnish'],
    ['  ', ''],
  ])('%s → %s', (input, expected) => {
    expect(normalise(input)).toBe(expected);
  });

  it('bounds the query before doing any work', () => {
    const q = normaliseQuery(`${'a'.repeat(10_000)} b`);
    expect(q.text.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect(normaliseQuery('a b c d e f g h i j k').words).toHaveLength(MAX_QUERY_WORDS);
  });

  it('treats regex metacharacters and markup as plain separators', () => {
    expect(normaliseQuery('(.*)+$ [a-z]{1000} <script>').words).toEqual(['a', 'z', '1000', 'script']);
    expect(normaliseQuery(undefined).words).toEqual([]);
    expect(normaliseQuery(['array']).words).toEqual([]);
  });
});

describe('one typo', () => {
  it.each([
    ['koulu', 'koulu', true],
    ['kuolu', 'koulu', true], // transposition
    ['kolu', 'koulu', true], // missing letter
    ['kouulu', 'koulu', true], // extra letter
    ['kaulu', 'koulu', true], // substitution
    ['kalu', 'koulu', false], // two edits
    ['', '', true],
  ])('withinOneEdit(%s, %s) = %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
  });

  it('matches unfinished words with one typo, only from four letters', () => {
    expect(typoPrefixMatch('mansik', 'mansikkalan')).toBe(true);
    expect(typoPrefixMatch('mnsikka', 'mansikkalan')).toBe(true);
    expect(typoPrefixMatch('masnikka', 'mansikkalan')).toBe(true);
    expect(typoPrefixMatch('mustikka', 'mansikkalan')).toBe(false);
    expect(typoPrefixMatch('kou', 'kau')).toBe(false);
  });
});
