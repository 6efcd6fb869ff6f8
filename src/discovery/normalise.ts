/**
 * Text normalisation for school search: case- and accent-insensitive, so `ä`→`a`, `ö`→`o`,
 * `å`→`a`, `é`→`e`. Input is bounded before any work is done (any length is safe);
 * the only regular expressions here are constants, never built from input.
 */

/** Longest search input considered; the rest is ignored (a school name is well under this). */
export const MAX_QUERY_CHARS = 100;
/** Most query words considered; each word costs one scan of the vocabulary. */
export const MAX_QUERY_WORDS = 8;

// NFKD splits `ä` into `a` + U+0308; dropping combining marks leaves the base letter.
const COMBINING_MARKS = /\p{M}+/gu;
// Anything that is not a letter or a digit separates words ("Etelä-Espoon", "St. Karins", "30076/1").
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/** Lower-case, accent-free text with single spaces between words. */
export function normalise(text: string): string {
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().replace(SEPARATORS, ' ').trim();
}

/** The words of a text, normalised. */
export function normalisedWords(text: string): string[] {
  const n = normalise(text);
  return n ? n.split(' ') : [];
}

/** A search query as typed: bounded, normalised, split into at most MAX_QUERY_WORDS words. */
export interface NormalisedQuery {
  /** The whole query, normalised (for "the name starts with what was typed"). */
  text: string;
  words: string[];
}

export function normaliseQuery(raw: unknown): NormalisedQuery {
  const bounded = typeof raw === 'string' ? raw.slice(0, MAX_QUERY_CHARS) : '';
  const words = normalisedWords(bounded).slice(0, MAX_QUERY_WORDS);
  return { text: words.join(' '), words };
}

/** What the search field shows back: the raw query, bounded (preact escapes it when rendered). */
export function boundedQuery(raw: unknown): string {
  return typeof raw === 'string' ? raw.slice(0, MAX_QUERY_CHARS) : '';
}
