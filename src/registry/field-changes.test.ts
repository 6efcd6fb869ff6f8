import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type FieldChange, fieldChanges, formatFieldChange, secretChanges } from './field-changes.ts';

const lines = (changes: FieldChange[]) => changes.map(formatFieldChange);

describe('fieldChanges (the dry run’s before → after)', () => {
  it.each([
    [
      'a changed scalar',
      { deploymentPhase: 'test' },
      { deploymentPhase: 'production' },
      ['deploymentPhase: "test" → "production"'],
    ],
    [
      'a boolean',
      { allowTestLearnerId: false },
      { allowTestLearnerId: true },
      ['allowTestLearnerId: false → true'],
    ],
    ['a field set', {}, { logo: 'koulu.png' }, ['logo: (unset) → "koulu.png"']],
    ['a field removed', { logo: 'koulu.png' }, {}, ['logo: "koulu.png" → (unset)']],
    [
      'a nested value',
      { name: { fi: 'A', sv: 'B' } },
      { name: { fi: 'A', sv: 'C' } },
      ['name.sv: "B" → "C"'],
    ],
    [
      'a list of plain values, whole',
      { tags: ['a', 'b'] },
      { tags: ['a', 'c'] },
      ['tags: ["a","b"] → ["a","c"]'],
    ],
    [
      'a list of objects, item by item',
      { acs: [{ location: 'https://a/', index: 0 }] },
      {
        acs: [
          { location: 'https://b/', index: 0 },
          { location: 'https://c/', index: 1 },
        ],
      },
      [
        'acs[0].location: "https://a/" → "https://b/"',
        'acs[1]: (unset) → {"location":"https://c/","index":1}',
      ],
    ],
    [
      'nothing, when only the key order differs',
      { a: 1, b: { c: 2, d: 3 } },
      { b: { d: 3, c: 2 }, a: 1 },
      [],
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(lines(fieldChanges(before, after))).toEqual(expected);
  });

  it('shortens long values to their start, length and the digest of the value', () => {
    const pem = (body: string) =>
      `-----BEGIN CERTIFICATE-----\n${body.repeat(300)}\n-----END CERTIFICATE-----\n`;
    const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);
    expect(lines(fieldChanges({ cert: pem('A') }, { cert: pem('B') }))).toEqual([
      `cert: "-----BEGIN CERTIFICATE-----\\nAAAAAAAAAA… (355 characters, sha256 ${sha(pem('A'))}) → ` +
        `"-----BEGIN CERTIFICATE-----\\nBBBBBBBBBB… (355 characters, sha256 ${sha(pem('B'))})`,
    ]);
  });

  it('never shows a value under a secret-looking name, however deep', () => {
    const changes = fieldChanges(
      { settings: { kind: 'x', bindPassword: 'old-pass-1' }, extra: [{ clientSecret: 'old-2', id: 1 }] },
      { settings: { kind: 'x', bindPassword: 'new-pass-1' }, extra: [{ clientSecret: 'new-2', id: 1 }] },
    );
    expect(lines(changes)).toEqual(['extra[0].clientSecret: (changed)', 'settings.bindPassword: (changed)']);
    const added = fieldChanges({}, { settings: { kind: 'x', apiSecret: 'new-secret-3' } });
    expect(JSON.stringify(added)).not.toContain('new-secret-3');
    expect(lines(added)).toEqual(['settings: (unset) → {"kind":"x","apiSecret":"(hidden)"}']);
  });
});

describe('secretChanges', () => {
  it.each([
    ['no secrets in the document keeps the stored ones', { a: '1' }, undefined, []],
    ['the same secrets', { a: '1' }, { a: '1' }, []],
    [
      'a changed, a new and a dropped secret',
      { a: '1', b: '2' },
      { a: 'x', c: '3' },
      ['secrets.a: (changed)', 'secrets.b: (changed)', 'secrets.c: (changed)'],
    ],
  ])('%s', (_name, before, after, expected) => {
    const changes = secretChanges(before, after);
    expect(lines(changes)).toEqual(expected);
    expect(JSON.stringify(changes)).not.toMatch(/"[123x]"/);
  });
});
