import type { LocalisedText } from '../core/language.ts';

/**
 * One choice on the school selection page (docs/discovery.md): a school of an integration, or the
 * integration itself when its discovery information says `showSchools: false`.
 */
export interface DiscoveryEntry {
  /** Unique within one service's list: `<integrationId>~<school>` (school empty for an integration entry). */
  key: string;
  integrationId: string;
  /** The school's code (or OID when it has none); absent for an integration entry. */
  school?: string;
  /** The school's name, or the integration's display name. */
  name: LocalisedText;
  /** Shown in parentheses after the name: the integration's title, else the education provider (docs/discovery.md). */
  title?: LocalisedText;
  /**
   * The login method (e.g. Wilma, Microsoft 365), set only when the entry's education provider has more
   * than one integration on the page (login-method-label.ts); shown inside the parentheses after the title.
   */
  method?: LocalisedText;
  /** The education provider the entry is listed under (docs/discovery.md "What is listed"). */
  group: DiscoveryGroup;
  /** Logo file name from the integration's discovery information, served by Passi (never hot-linked). */
  logo?: string;
  /**
   * The school's home municipality (kotipaikka; for an integration entry, its organisation's), when the
   * organisation data names it. Searched and shown under the name.
   */
  municipality?: LocalisedText;
  /** Further searchable text: provider names, the integration's display name. */
  keywords: LocalisedText[];
}

export interface DiscoveryGroup {
  /** The provider's OID (or the integration id when the provider is unknown to the organisation data). */
  id: string;
  name: LocalisedText;
}

/** The key of a choice: what the choose form posts and the remember cookie keeps. */
export function entryKey(integrationId: string, school: string | undefined): string {
  return `${integrationId}~${school ?? ''}`;
}
