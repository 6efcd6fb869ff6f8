import { describe, expect, it } from 'vitest';
import { holdsNul } from './refuse-nul.ts';

describe('holdsNul', () => {
  it('finds a NUL in a string, a nested value or a key', () => {
    expect(holdsNul('a\u0000b', 0)).toBe(true);
    expect(holdsNul({ a: ['x', { b: 'y\u0000' }] }, 0)).toBe(true);
    expect(holdsNul({ 'k\u0000': 'v' }, 0)).toBe(true);
    expect(holdsNul({ a: ['x', { b: 'y' }], n: 1, z: null }, 0)).toBe(false);
  });

  it('stops at its depth bound', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(holdsNul(deep, 0)).toBe(false);
    expect(holdsNul(deep, -10)).toBe(true);
  });

  it('does not read bytes as fields: a form kept as bytes is checked where it is parsed', () => {
    // Key by key, a buffer's entries are indices and numbers: no NUL could be found there.
    expect(holdsNul(Buffer.from('a\u0000b'), 0)).toBe(false);
    expect(holdsNul({ body: new Uint8Array([0, 1, 2]) }, 0)).toBe(false);
  });
});
