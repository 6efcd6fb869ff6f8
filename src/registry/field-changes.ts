import { createHash } from 'node:crypto';
import { canonicalJson } from './registry-repository.ts';

/**
 * One changed value inside an entity, ready to show: the dry run's "before → after". `path` says where:
 * `deploymentPhase`, `discovery.displayName.fi`, `saml.acs[0].location`, `secrets.sharedSecret`.
 * Values are display text (`(unset)` when absent); a secret has no values, only `secret: true`.
 */
export type FieldChange = { path: string; before: string; after: string } | { path: string; secret: true };

/**
 * Key names whose values are never shown. Registry secrets are split out before diffing (entity-kinds.ts
 * `splitSecrets`); this is the second fence, so a secret-looking field added to settings later is not
 * printed to a terminal, a CI log or an admin API response.
 */
const SECRET_KEY = /(secret|secrets|password|privatekey|sharedkey|clientkey)$/i;
const UNSET = '(unset)';
/** Longer strings (certificates, metadata XML) are shown by their start, length and digest. */
const MAX_SHOWN = 60;

/**
 * The changed values between two versions of a document, leaf by leaf: objects are followed key by key
 * and lists of objects item by item; a list of plain values is shown whole (`[a, b] → [a, c]`).
 */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  if (SECRET_KEY.test(lastKey(path))) return [{ path, secret: true }];
  if (isRecord(before) && isRecord(after)) {
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .sort()
      .flatMap((k) => fieldChanges(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].some(isRecord)) {
    return Array.from({ length: Math.max(before.length, after.length) }, (_, i) =>
      fieldChanges(before[i], after[i], `${path}[${i}]`),
    ).flat();
  }
  return [{ path, before: show(before), after: show(after) }];
}

/** Secrets are compared by the caller (their values are at hand only there); only names are shown. */
export function secretChanges(
  before: Record<string, string>,
  after: Record<string, string> | undefined,
): FieldChange[] {
  // Absent secrets keep the stored ones (registry-repository.ts `upsertMany`); given ones replace them all.
  if (after === undefined) return [];
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .sort()
    .filter((k) => before[k] !== after[k])
    .map((k) => ({ path: `secrets.${k}`, secret: true }));
}

function show(value: unknown): string {
  if (value === undefined) return UNSET;
  const text = JSON.stringify(value, (key, v: unknown) => (SECRET_KEY.test(key) ? '(hidden)' : v));
  if (text.length <= MAX_SHOWN) return text;
  // Length and digest of the value itself (a string as written in the document), so they can be compared.
  const raw = typeof value === 'string' ? value : text;
  const digest = createHash('sha256').update(raw).digest('hex').slice(0, 8);
  return `${text.slice(0, MAX_SHOWN - 20)}… (${raw.length} characters, sha256 ${digest})`;
}

function lastKey(path: string): string {
  return /([A-Za-z0-9_]+)(\[\d+\])*$/.exec(path)?.[1] ?? '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `path: before → after`, or `path: (changed)` for a secret. */
export function formatFieldChange(change: FieldChange): string {
  return 'secret' in change
    ? `${change.path}: (changed)`
    : `${change.path}: ${change.before} → ${change.after}`;
}
