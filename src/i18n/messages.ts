import type { Language } from '../core/language.ts';
import { en } from './messages-en.ts';
import { fi, type MessageKey, type Messages } from './messages-fi.ts';
import { sv } from './messages-sv.ts';

export type { MessageKey, Messages };

const catalogues: Record<Language, Messages> = { fi, sv, en };

/** The message catalogue of a language. */
export function messages(lang: Language): Messages {
  return catalogues[lang];
}
