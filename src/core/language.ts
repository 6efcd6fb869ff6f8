/** The three languages of every page a person sees (fi default). */
export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fi';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Text in the three languages; organisation data may lack sv/en names. */
export interface LocalisedText {
  fi?: string;
  sv?: string;
  en?: string;
}

/** Picks the text in `lang`, then Finnish, then whatever exists. */
export function pickText(text: LocalisedText | undefined, lang: Language): string {
  if (!text) return '';
  return text[lang] ?? text.fi ?? text.sv ?? text.en ?? '';
}
