import { describe, expect, it } from 'vitest';
import { isValidBusinessId } from './business-id.ts';

describe('isValidBusinessId', () => {
  it.each([
    ['0920632-0', true], // CSC – Tieteen tietotekniikan keskus Oy (https://mpass.fi/)
    ['0920632-1', false],
    ['2769790-1', true],
    ['1572860-0', true],
    ['0920632', false],
    ['0920632-00', false],
    ['abcdefg-0', false],
    ['', false],
  ])('%s → %s', (id, valid) => {
    expect(isValidBusinessId(id)).toBe(valid);
  });
});
