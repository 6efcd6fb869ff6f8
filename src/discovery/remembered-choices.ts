/**
 * "Remember my choice": a first-party cookie with the last few choices, so a child on a
 * shared school laptop finds the school at the top next time. Third-party storage is never used (it
 * broke SeamlessAccess under storage partitioning). The cookie only orders the
 * page: it is validated on read, and a remembered choice is shown only when it is among the service's
 * current entries, so it never grants anything (the flow checks every choice, login-flow.ts `choose`).
 */

/** `__Host-`: Secure, Path=/, no Domain (RFC 6265bis "Cookie Name Prefixes"). */
export const REMEMBER_COOKIE = '__Host-passi_schools';
export const MAX_REMEMBERED = 3;
/** Half a year: a school year plus the summer break. */
export const REMEMBER_MAX_AGE_SECONDS = 183 * 24 * 60 * 60;

// One remembered choice: a registry id (registryIdSchema), `~`, then a school code, an OID, or nothing.
const CHOICE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}~(\d{5}|[0-2](\.\d{1,20}){2,20})?$/;
const MAX_COOKIE_CHARS = 3 * 140;

/** Whether `key` is shaped like an entry key (entryKey): what the choose form posts and the cookie keeps. */
export function isChoiceKey(key: string): boolean {
  return key.length <= 140 && CHOICE.test(key);
}

/** The remembered choices, newest first; anything malformed is dropped, never an error. */
export function parseRememberedChoices(value: string | undefined): string[] {
  if (!value || value.length > MAX_COOKIE_CHARS) return [];
  const out: string[] = [];
  for (const key of value.split('|')) {
    if (isChoiceKey(key) && !out.includes(key)) out.push(key);
    if (out.length === MAX_REMEMBERED) break;
  }
  return out;
}

/** The cookie value after choosing `key`: it moves to the front, the oldest falls off. */
export function rememberChoice(previous: readonly string[], key: string): string {
  return [key, ...previous.filter((k) => k !== key)].slice(0, MAX_REMEMBERED).join('|');
}
