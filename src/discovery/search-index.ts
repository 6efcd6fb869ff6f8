import { LANGUAGES, type Language, type LocalisedText, pickText } from '../core/language.ts';
import type { DiscoveryEntry } from './discovery-entry.ts';
import { type NormalisedQuery, normalise, normalisedWords } from './normalise.ts';
import { createVocabulary } from './vocabulary.ts';

/** Why a result ranks where it does (remembered first, then exact prefix matches). */
export const Tier = { REMEMBERED: 0, NAME_PREFIX: 1, WORD_PREFIX: 2, TYPO: 3 } as const;
export type Tier = (typeof Tier)[keyof typeof Tier];
const TIERS = 4;

export interface SearchHit {
  entry: DiscoveryEntry;
  tier: Tier;
}

export interface SearchResult {
  hits: SearchHit[];
  /** All matches, of which `hits` are the best `limit`. */
  total: number;
}

export interface SearchIndex {
  readonly entries: readonly DiscoveryEntry[];
  /** Entries by key (entryKey), to check remembered or posted choices against this service's list. */
  readonly byKey: ReadonlyMap<string, DiscoveryEntry>;
  /** Entries matching every query word, best first; an empty query matches nothing. */
  search(
    query: NormalisedQuery,
    options: { lang: Language; remembered?: ReadonlySet<string>; limit?: number },
  ): SearchResult;
  /** Every entry in the page's alphabetical order for `lang`. */
  ordered(lang: Language): DiscoveryEntry[];
}

/**
 * An in-memory word index over one service's entries. Every distinct normalised word
 * (school names in fi/sv/en, title, provider, keywords, municipality fi/sv, school code) is stored once
 * with the entries that contain it (vocabulary.ts); an entry matches when every query word is a prefix
 * of, or one typo from a prefix of, one of its words (AND: people narrow by typing more). Results come
 * out in tiers, each in the page language's alphabetical order, walked once without sorting the
 * matches. Only names count for the name-prefix tier: a municipality match ranks as a word prefix.
 */
export function createSearchIndex(entries: readonly DiscoveryEntry[]): SearchIndex {
  const words = new Map<string, string[]>();
  const wordsOf = (text: string): string[] => {
    let w = words.get(text);
    if (!w) {
      w = normalisedWords(text);
      words.set(text, w);
    }
    return w;
  };
  const vocabulary = createVocabulary();
  const fullNames: string[][] = [];
  entries.forEach((entry, i) => {
    const texts: LocalisedText[] = [entry.name, entry.group.name, ...entry.keywords];
    if (entry.title) texts.push(entry.title);
    if (entry.municipality) texts.push(entry.municipality);
    for (const text of texts)
      for (const value of Object.values(text)) for (const w of wordsOf(value)) vocabulary.add(w, i);
    if (entry.school) vocabulary.add(normalise(entry.school), i);
    fullNames.push([...new Set(Object.values(entry.name).map(normalise))]);
  });
  const finder = vocabulary.freeze();

  // Alphabetical order per language, computed on first use (Intl.Collator is too slow per request).
  const orders = new Map<Language, Int32Array>();
  const order = (lang: Language): Int32Array => {
    let o = orders.get(lang);
    if (!o) {
      const collator = new Intl.Collator(lang);
      const names = entries.map((e) => pickText(e.name, lang));
      o = Int32Array.from(entries.keys()).sort(
        (a, b) => collator.compare(names[a] ?? '', names[b] ?? '') || a - b,
      );
      orders.set(lang, o);
    }
    return o;
  };
  for (const lang of LANGUAGES) order(lang);

  return {
    entries,
    byKey: new Map(entries.map((e) => [e.key, e])),
    ordered: (lang) => Array.from(order(lang), (i) => entries[i]).filter((e) => e !== undefined),
    search(query, { lang, remembered, limit = Number.POSITIVE_INFINITY }) {
      if (query.words.length === 0 || entries.length === 0) return { hits: [], total: 0 };
      // matched[i]: how many query words entry i matched; typo[i]: one of them only with a typo.
      const matched = new Uint8Array(entries.length);
      const typo = new Uint8Array(entries.length);
      query.words.forEach((q, k) => {
        finder.match(q, matched, typo, k);
      });
      const need = query.words.length;
      const tiers: number[][] = Array.from({ length: TIERS }, () => []);
      let total = 0;
      for (const i of order(lang)) {
        if (matched[i] !== need) continue;
        total++;
        const entry = entries[i];
        if (!entry) continue;
        let tier: Tier = typo[i] ? Tier.TYPO : Tier.WORD_PREFIX;
        if (remembered?.has(entry.key)) tier = Tier.REMEMBERED;
        else if (fullNames[i]?.some((n) => n.startsWith(query.text))) tier = Tier.NAME_PREFIX;
        const bucket = tiers[tier];
        if (bucket && bucket.length < limit) bucket.push(i);
      }
      const hits: SearchHit[] = [];
      tiers.forEach((bucket, tier) => {
        for (const i of bucket) {
          const entry = entries[i];
          if (entry && hits.length < limit && isTier(tier)) hits.push({ entry, tier });
        }
      });
      return { hits, total };
    },
  };
}

function isTier(n: number): n is Tier {
  return n >= 0 && n < TIERS;
}
