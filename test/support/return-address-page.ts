import { expect } from 'vitest';
import { LANGUAGES } from '../../src/core/language.ts';
import { messages } from '../../src/i18n/messages.ts';

/**
 * An error page at a school's return address (SAML ACS, Wilma, Opinsys, OIDC callback): it says the
 * school's answer could not be accepted, in whichever language, and never blames the service's request.
 */
export function expectSchoolAnswerRefusedPage(body: string): void {
  const texts = LANGUAGES.map((lang) => messages(lang));
  expect(texts.some((t) => body.includes(t['error.upstreamAnswer']))).toBe(true);
  for (const t of texts) {
    for (const key of ['error.signature', 'error.request'] as const) expect(body).not.toContain(t[key]);
  }
}
