import { type Language, pickText } from '../core/language.ts';
import type { DiscoveryEntry, DiscoveryGroup } from './discovery-entry.ts';
import type { NormalisedQuery } from './normalise.ts';
import type { SearchIndex } from './search-index.ts';

/** Above this many entries an empty query lists education providers instead of every school. */
export const LIST_ALL_LIMIT = 300;
/** Most search results shown; the status tells how many more there are. */
export const RESULT_LIMIT = 50;

export interface GroupedEntries {
  group: DiscoveryGroup;
  entries: DiscoveryEntry[];
}

/** What the results region shows. */
export type ResultsView =
  | { kind: 'empty' }
  | { kind: 'all'; groups: GroupedEntries[]; total: number }
  | { kind: 'providers'; groups: GroupedEntries[]; total: number }
  | { kind: 'search'; hits: { entry: DiscoveryEntry; remembered: boolean }[]; total: number };

/**
 * Chooses the view: no entries at all; every school grouped by education provider (short lists); the
 * providers only (long lists, where scrolling thousands of buttons helps nobody); or ranked search hits.
 */
export function resultsView(
  index: SearchIndex,
  query: NormalisedQuery,
  lang: Language,
  remembered: ReadonlySet<string>,
): ResultsView {
  if (index.entries.length === 0) return { kind: 'empty' };
  if (query.words.length > 0) {
    const found = index.search(query, { lang, remembered, limit: RESULT_LIMIT });
    return {
      kind: 'search',
      hits: found.hits.map((h) => ({ entry: h.entry, remembered: remembered.has(h.entry.key) })),
      total: found.total,
    };
  }
  const groups = groupEntries(index.ordered(lang), lang);
  const total = index.entries.length;
  return total > LIST_ALL_LIMIT ? { kind: 'providers', groups, total } : { kind: 'all', groups, total };
}

/** Entries grouped by education provider, groups in alphabetical order for `lang`. */
export function groupEntries(ordered: readonly DiscoveryEntry[], lang: Language): GroupedEntries[] {
  const byId = new Map<string, GroupedEntries>();
  for (const entry of ordered) {
    const g = byId.get(entry.group.id);
    if (g) g.entries.push(entry);
    else byId.set(entry.group.id, { group: entry.group, entries: [entry] });
  }
  const collator = new Intl.Collator(lang);
  return [...byId.values()].sort((a, b) =>
    collator.compare(pickText(a.group.name, lang), pickText(b.group.name, lang)),
  );
}
