import type { SearchIndex } from './search-index.ts';

/**
 * Search indexes per candidate list, so building entries and the index (tens of milliseconds for
 * thousands of schools) happens once per registry or orgdata change, not per keystroke. Bound to the
 * registry snapshot and school directory objects: a new one of either empties the cache.
 */
export function createIndexCache(maxLists = 64) {
  let bound: { registry: object; schools: object } | undefined;
  const byList = new Map<string, SearchIndex>();
  return {
    get(
      registry: object,
      schools: object,
      candidateIds: readonly string[],
      build: () => SearchIndex,
    ): SearchIndex {
      if (bound?.registry !== registry || bound.schools !== schools) {
        byList.clear();
        bound = { registry, schools };
      }
      const key = [...candidateIds].sort().join(' ');
      const cached = byList.get(key);
      if (cached) {
        byList.delete(key);
        byList.set(key, cached);
        return cached;
      }
      const index = build();
      byList.set(key, index);
      const oldest = byList.keys().next();
      if (byList.size > maxLists && !oldest.done) byList.delete(oldest.value);
      return index;
    },
  };
}
