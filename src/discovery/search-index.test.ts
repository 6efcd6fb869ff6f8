import { describe, expect, it } from 'vitest';
import { buildEntries } from './build-entries.ts';
import { PROVIDER_A, PROVIDER_B, TEST_ORGANISATIONS, testIntegration } from './discovery.test-data.ts';
import { normaliseQuery } from './normalise.ts';
import { createSchoolDirectory } from './school-directory.ts';
import { createSearchIndex, Tier } from './search-index.ts';

const entries = buildEntries(
  [
    testIntegration('4000101', PROVIDER_A),
    testIntegration('4000201', PROVIDER_B),
    testIntegration('4000202', PROVIDER_B, {
      showSchools: false,
      displayName: { fi: 'Turunmaan aikuiskoulut' },
    }),
  ],
  createSchoolDirectory(TEST_ORGANISATIONS),
);
const index = createSearchIndex(entries);
const search = (q: string, remembered: string[] = []) =>
  index
    .search(normaliseQuery(q), { lang: 'fi', remembered: new Set(remembered) })
    .hits.map((h) => `${h.entry.key}:${h.tier}`);

describe('school search (docs/discovery.md "Search")', () => {
  it('is case- and accent-insensitive', () => {
    expect(search('AHTARIN LUKIO')).toEqual([`4000101~91002:${Tier.NAME_PREFIX}`]);
    expect(search('ähtärin lukio')).toEqual(search('ahtarin lukio'));
  });

  it('matches word prefixes in any order', () => {
    expect(search('luk ahta')).toEqual([`4000101~91002:${Tier.WORD_PREFIX}`]);
  });

  it('finds Swedish names', () => {
    expect(search('kyrkback')).toEqual([`4000201~92001:${Tier.NAME_PREFIX}`]);
    expect(search('etseri gym')).toEqual([`4000101~91002:${Tier.NAME_PREFIX}`]);
  });

  it('finds every school of an education provider by its name', () => {
    expect(search('etseri stad')).toHaveLength(3);
  });

  it('finds a school by its municipality in Finnish or Swedish, with or without accents, by word prefix', () => {
    // Neither name nor provider says Parainen/Pargas or Kemiönsaari/Kimitoön: only the municipality does.
    expect(search('parainen')).toEqual([`4000201~92001:${Tier.WORD_PREFIX}`]);
    expect(search('PARG')).toEqual([`4000201~92001:${Tier.WORD_PREFIX}`]);
    for (const q of ['kemiönsaari', 'kemionsaari', 'Kimitoön', 'kimitoon', 'kimi', 'kemiö']) {
      expect(search(q), q).toEqual([`4000201~92002:${Tier.WORD_PREFIX}`]);
    }
    expect(search('koulu kimito')).toEqual([`4000201~92002:${Tier.WORD_PREFIX}`]);
    expect(search('paranen')).toEqual([`4000201~92001:${Tier.TYPO}`]);
    // Words inside a municipality's name are not found (word-prefix matching).
    expect(search('saari')).toEqual([]);
  });

  it('finds a school by its code', () => {
    expect(search('92002')).toEqual([`4000201~92002:${Tier.WORD_PREFIX}`]);
    expect(search('9200')).toHaveLength(2);
    // Codes are exact: no typo tolerance for digits (92001 is one substitution away).
    expect(search('92003')).toEqual([]);
  });

  it('forgives one typo in words of four letters or more', () => {
    expect(search('ahtarin lukoi')).toEqual([`4000101~91002:${Tier.TYPO}`]);
    expect(search('kirkomaen')).toEqual([`4000201~92001:${Tier.TYPO}`]);
    expect(search('lukoi lukoi')).toEqual([`4000101~91002:${Tier.TYPO}`]);
    expect(search('kirkkomaan koulu xyz')).toEqual([]);
    expect(search('lko')).toEqual([]);
  });

  it('ranks remembered first, then names starting with the query, then word prefixes, then typos', () => {
    const group = { id: 'g', name: { fi: 'Kunta' } };
    const entry = (key: string, fi: string) => ({
      key,
      integrationId: key,
      name: { fi },
      group,
      keywords: [],
    });
    const ranked = createSearchIndex([
      entry('typo~', 'Mestolan koulu'),
      entry('word~', 'Ylä-Metsolan koulu'),
      entry('name~', 'Metsolan koulu'),
      entry('remembered~', 'Ala-Metsolan koulu'),
      entry('other~', 'Koivulan koulu'),
    ]).search(normaliseQuery('metso'), { lang: 'fi', remembered: new Set(['remembered~', 'other~']) });
    expect(ranked.hits.map((h) => [h.entry.key, h.tier])).toEqual([
      ['remembered~', Tier.REMEMBERED],
      ['name~', Tier.NAME_PREFIX],
      ['word~', Tier.WORD_PREFIX],
      ['typo~', Tier.TYPO],
    ]);
  });

  it('does not find words inside compounds (word-prefix matching)', () => {
    expect(search('koulu')).toEqual([
      `4000201~92002:${Tier.NAME_PREFIX}`,
      `4000201~92001:${Tier.WORD_PREFIX}`,
    ]);
  });

  it('shows nothing for an empty query and bounds the number of hits', () => {
    expect(search('')).toEqual([]);
    const limited = index.search(normaliseQuery('a'), { lang: 'fi', limit: 2 });
    expect(limited.hits).toHaveLength(2);
    expect(limited.total).toBeGreaterThan(2);
  });

  it('survives hostile input', () => {
    // Regex syntax is no syntax here: "(a+)+$" is just the word "a", a prefix of Ähtäri and Åbo.
    expect(search('(a+)+$'.repeat(1000)).length).toBeLessThanOrEqual(entries.length);
    expect(search('\u0000\uffff'.repeat(500))).toEqual([]);
  });

  it('orders all entries alphabetically in the page language', () => {
    expect(index.ordered('fi').map((e) => e.name.fi)).toEqual(
      [
        'Ähtärin lukio',
        'Ähtärin musiikkikoulu',
        'Ähtärin yläkoulu',
        'Kirkkomäen koulu',
        'Koulumäen koulu',
        'Turunmaan aikuiskoulut',
      ].sort(new Intl.Collator('fi').compare),
    );
  });
});
