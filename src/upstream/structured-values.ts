import type { RawAttributes } from '../core/upstream-identity.ts';

/**
 * Helpers for connectors whose schools answer in JSON (Wilma, Opinsys): values become the `;`-joined
 * strings the data model's multivalue rule reads (https://wiki.eduuni.fi/x/ya-gDQ), one position per school.
 */

/** Stores `values` joined with `;` (positions kept) unless every one is empty. */
export function putJoined(out: RawAttributes, name: string, values: string[]): void {
  if (values.some((v) => v !== '')) out[name] = [values.join(';')];
}

/** One position of a joined value: a `;` inside it would split it in two (docs/data-model.md "Multivalue rules"), so it becomes `,`. */
export function cell(value: unknown): string {
  return text(value).replaceAll(';', ',');
}

export function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
