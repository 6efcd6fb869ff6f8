import { describe, expect, it } from 'vitest';
import { createRandomPool } from './random-pool.ts';

/** A fill that writes a running byte counter, so that which bytes a value took can be read off it. */
function countingFill() {
  let next = 0;
  let fills = 0;
  return {
    fill(buffer: Buffer) {
      fills++;
      for (let i = 0; i < buffer.length; i++) buffer[i] = next++ & 0xff;
    },
    fills: () => fills,
  };
}

describe('createRandomPool', () => {
  it('hands out consecutive bytes, each once, and fills again only when a value does not fit', () => {
    const source = countingFill();
    const pool = createRandomPool(8, source.fill);
    expect(pool.hex(3)).toBe('000102');
    expect(pool.hex(3)).toBe('030405');
    expect(source.fills()).toBe(1);
    // Two bytes are left; a value of three is taken from a fresh fill, and the two are never used.
    expect(pool.hex(3)).toBe('08090a');
    expect(source.fills()).toBe(2);
    expect(pool.base64url(5)).toBe(Buffer.from([0x0b, 0x0c, 0x0d, 0x0e, 0x0f]).toString('base64url'));
    expect(pool.hex(1)).toBe('10');
    expect(source.fills()).toBe(3);
  });

  it('refuses a size that the pool cannot hold or that is not a whole positive number of bytes', () => {
    const pool = createRandomPool(16);
    for (const bytes of [0, -1, 1.5, 17, Number.NaN]) expect(() => pool.hex(bytes)).toThrow(RangeError);
  });

  it('gives values of the asked length in their alphabet, all distinct across many fills', () => {
    const pool = createRandomPool();
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = pool.base64url(32);
      expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      seen.add(id);
      const hex = pool.hex(16);
      expect(hex).toMatch(/^[0-9a-f]{32}$/);
      seen.add(hex);
    }
    expect(seen.size).toBe(4000);
  });
});
