/**
 * One-typo tolerance for search words ("tolerant of one typo"). Children mistype; one
 * substitution, missing or extra letter, or two swapped neighbours (optimal string alignment distance 1)
 * is forgiven for query words of at least TYPO_MIN_LENGTH characters. Works on offsets, no allocation, so
 * a scan of the whole vocabulary per keystroke stays well under a millisecond.
 */

export const TYPO_MIN_LENGTH = 4;

/**
 * Whether `query` is within one edit of some prefix of `word` (type-ahead: the word may be unfinished).
 * Only prefixes of length |query| − 1 … |query| + 1 can be within one edit.
 */
export function typoPrefixMatch(query: string, word: string): boolean {
  const n = query.length;
  if (n < TYPO_MIN_LENGTH) return false;
  for (const len of [n, n - 1, n + 1]) {
    if (len <= word.length && withinOneEdit(query, word, len)) return true;
  }
  return false;
}

/** Whether `a` and the first `bLen` characters of `b` are at most one edit apart (OSA distance ≤ 1). */
export function withinOneEdit(a: string, b: string, bLen: number = b.length): boolean {
  const aLen = a.length;
  if (Math.abs(aLen - bLen) > 1) return false;
  let i = 0;
  while (i < aLen && i < bLen && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === aLen && i === bLen) return true;
  if (aLen === bLen) {
    if (sameTail(a, i + 1, b, i + 1, bLen)) return true; // substitution
    return (
      i + 1 < aLen &&
      a.charCodeAt(i) === b.charCodeAt(i + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(i) &&
      sameTail(a, i + 2, b, i + 2, bLen) // transposition of neighbours
    );
  }
  if (aLen > bLen) return sameTail(a, i + 1, b, i, bLen); // extra letter in `a`
  return sameTail(a, i, b, i + 1, bLen); // missing letter in `a`
}

function sameTail(a: string, ai: number, b: string, bi: number, bLen: number): boolean {
  if (a.length - ai !== bLen - bi) return false;
  for (let k = 0; ai + k < a.length; k++) if (a.charCodeAt(ai + k) !== b.charCodeAt(bi + k)) return false;
  return true;
}
