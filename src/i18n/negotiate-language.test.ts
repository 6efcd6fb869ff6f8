import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from './negotiate-language.ts';

describe('negotiateLanguage', () => {
  it.each([
    [{}, 'fi'],
    [{ lang: 'sv' }, 'sv'],
    [{ lang: 'de', cookie: 'en' }, 'en'],
    [{ uiLocales: 'de-DE sv-FI' }, 'sv'],
    [{ cookie: 'sv', acceptLanguage: 'en' }, 'sv'],
    [{ acceptLanguage: 'de;q=0.9, en;q=0.8, sv;q=0.85' }, 'sv'],
    [{ acceptLanguage: 'en-GB,en;q=0.9' }, 'en'],
    [{ acceptLanguage: 'sv;q=0' }, 'fi'],
  ] as const)('%j → %s', (input, expected) => {
    expect(negotiateLanguage(input)).toBe(expected);
  });
});
