/**
 * The SAML SP security cases SP-01…SP-30 (docs/security-cases.md) are run by the saml-sp-negative-*.test.ts
 * files of this folder, split by subject. Each case has a named fixture in ./support/sp-fixtures.ts
 * (`sp01Unsigned` … `sp30AssertionInExtensions`; SP_FIXTURES lists them per case); this check keeps the list
 * complete and every fixture run by one of those files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SP_FIXTURES, sp18RedirectSigAlgNotApplicable } from './support/sp-fixtures.ts';

const HERE = new URL('./', import.meta.url);
/** This file and the subject files beside it: saml-sp-negative.test.ts, saml-sp-negative-*.test.ts. */
const SUITE_FILES = readdirSync(HERE).filter((name) => /^saml-sp-negative(-[a-z-]+)?\.test\.ts$/.test(name));

describe('SAML SP negative suite SP-01…SP-30', () => {
  it('every case SP-01…SP-30 has a named fixture, and every fixture is used here', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `SP-${String(i + 1).padStart(2, '0')}`);
    expect(Object.keys(SP_FIXTURES).sort()).toEqual(ids);
    expect(SUITE_FILES.length, 'no negative suite files beside this one').toBeGreaterThan(1);
    // The suite files' code, without comments and imports: where a fixture is used, not where it is named.
    const code = SUITE_FILES.map((name) => readFileSync(new URL(name, HERE), 'utf8'))
      .join('\n')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^import [\s\S]*?;$/gm, '')
      .replace(/\/\/ .*$/gm, '');
    for (const [id, builders] of Object.entries(SP_FIXTURES)) {
      expect(builders.length, id).toBeGreaterThan(0);
      for (const builder of builders) {
        expect(builder.name, id).toMatch(new RegExp(`^sp${id.slice(3)}[A-Z]`));
        expect(code, `${builder.name} is not used by a test`).toMatch(new RegExp(`\\b${builder.name}\\b`));
      }
    }
    expect(sp18RedirectSigAlgNotApplicable().notApplicable).toMatch(/HTTP-POST only/);
  });
});
