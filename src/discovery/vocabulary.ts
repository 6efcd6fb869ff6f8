import { TYPO_MIN_LENGTH, typoPrefixMatch } from './typo-match.ts';

const DIGITS = /^\d+$/;

/**
 * The distinct words of a search index with the entries that contain them, bucketed by first and second
 * character so a query word looks only at words that could match it:
 * - a prefix match starts with the query's first character;
 * - a one-typo match (OSA distance 1, typo-match.ts) either keeps the first character, or has its edit
 *   at position 0, when the word's first or second character is the query's first or second.
 * That is about a fifth of the vocabulary per query word instead of all of it (bench/discovery.bench.ts).
 */
export function createVocabulary() {
  const postings = new Map<string, number[]>();
  return {
    add(word: string, entry: number): void {
      const list = postings.get(word);
      if (!list) postings.set(word, [entry]);
      else if (list[list.length - 1] !== entry) list.push(entry);
    },
    freeze() {
      const words = [...postings.keys()];
      const lists = words.map((w) => Int32Array.from(postings.get(w) ?? []));
      const byFirst = bucket(words, 0);
      const bySecond = bucket(words, 1);
      const seen = new Uint32Array(words.length);
      let stamp = 0;
      return {
        /**
         * Marks the entries query word `q` (the `k`-th) matches: `matched[i]` counts the words entry i
         * matched so far (only entries that matched all earlier words advance), `typo[i]` is set when
         * this word matched entry i only with a typo.
         */
        match(q: string, matched: Uint8Array, typo: Uint8Array, k: number): void {
          stamp++;
          const typos = q.length >= TYPO_MIN_LENGTH && !DIGITS.test(q); // codes are exact
          const a = q.charAt(0);
          const b = q.charAt(1);
          const candidates = typos
            ? [byFirst.get(a), byFirst.get(b), bySecond.get(a), bySecond.get(b)]
            : [byFirst.get(a)];
          const prefixHits: Int32Array[] = [];
          const typoHits: Int32Array[] = [];
          for (const list of candidates) {
            for (const w of list ?? []) {
              if (seen[w] === stamp) continue;
              seen[w] = stamp;
              const word = words[w] ?? '';
              const hits = lists[w];
              if (!hits) continue;
              if (word.startsWith(q)) prefixHits.push(hits);
              else if (typos && typoPrefixMatch(q, word)) typoHits.push(hits);
            }
          }
          // An entry that matched both ways counts once, as a prefix match.
          for (const hits of prefixHits) for (const i of hits) if (matched[i] === k) matched[i] = k + 1;
          for (const hits of typoHits) {
            for (const i of hits) {
              if (matched[i] === k) {
                matched[i] = k + 1;
                typo[i] = 1;
              }
            }
          }
        },
      };
    },
  };
}

function bucket(words: readonly string[], position: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  words.forEach((w, i) => {
    const c = w.charAt(position);
    if (!c) return;
    const list = out.get(c);
    if (list) list.push(i);
    else out.set(c, [i]);
  });
  return out;
}
