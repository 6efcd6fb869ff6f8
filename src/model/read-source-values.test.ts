import { describe, expect, it } from 'vitest';
import type { ResolutionProblem } from '../core/resolved-identity.ts';
import { MPASS_ATTRIBUTE_NAMES } from './attribute-mapping.ts';
import { readSourceValues, sanitizeValue, VALUE_LIMITS } from './read-source-values.ts';

const mapping = { ...MPASS_ATTRIBUTE_NAMES };

function read(raw: Record<string, string[]>) {
  const problems: ResolutionProblem[] = [];
  const values = readSourceValues(raw, mapping, problems);
  return { values, codes: problems.map((p) => p.code) };
}

describe('bad input (docs/data-model.md "Input limits")', () => {
  it.each([
    ['Ma\u0308kinen', 'Mäkinen', false],
    ['Testi\u0000\u0007', 'Testi', true],
    ['\u202Eevil', 'evil', true],
    ['  Anna  ', 'Anna', false],
    ['A\u0085B', 'AB', true],
  ])('sanitizeValue(%j) → %j', (input, value, stripped) => {
    expect(sanitizeValue(input)).toEqual({ value, stripped });
  });

  it('normalises to NFC and strips controls, with a warning', () => {
    const r = read({ surname: ['Ha\u0308ma\u0308la\u0308inen\u0000'] });
    expect(r.values.surname).toBe('Hämäläinen');
    expect(r.codes).toEqual(['CONTROL_CHARACTERS_REMOVED']);
  });

  it('refuses a value over the length limit', () => {
    const r = read({
      surname: ['x'.repeat(VALUE_LIMITS.maxLength + 1)],
      firstName: ['x'.repeat(VALUE_LIMITS.maxLength)],
    });
    expect(r.values.surname).toBeUndefined();
    expect(r.values.firstName).toHaveLength(VALUE_LIMITS.maxLength);
    expect(r.codes).toEqual(['VALUE_TOO_LONG']);
  });

  it('refuses a multi-valued part over the length limit', () => {
    const r = read({ class: [`7A;${'x'.repeat(300)}`] });
    expect(r.values.groups).toBeUndefined();
    expect(r.codes).toEqual(['VALUE_TOO_LONG']);
  });

  it('refuses more than the maximum number of values', () => {
    const many = Array.from({ length: VALUE_LIMITS.maxValues + 1 }, (_, i) => String(30000 + i));
    expect(read({ schoolCode: [many.join(';')] })).toEqual({ values: {}, codes: ['TOO_MANY_VALUES'] });
    expect(read({ schoolCode: many })).toEqual({ values: {}, codes: ['TOO_MANY_VALUES'] });
    expect(read({ schoolCode: many.slice(1) }).values.schoolIds).toHaveLength(VALUE_LIMITS.maxValues);
  });

  it('single-valued: first non-empty value, warning when several differ', () => {
    expect(read({ learnerId: ['', 'a', 'a'] })).toEqual({ values: { learnerId: 'a' }, codes: [] });
    expect(read({ learnerId: ['a', 'b'] })).toEqual({
      values: { learnerId: 'a' },
      codes: ['MULTIPLE_VALUES'],
    });
  });

  it('an empty multi-valued attribute counts as missing', () => {
    expect(read({ class: [''], userRole: [] }).values).toEqual({});
  });

  it('does not read inherited properties of the raw object', () => {
    const raw = Object.create({ mpassUserIdentity: ['proto'] });
    expect(readSourceValues(raw, mapping, []).username).toBeUndefined();
  });
});
