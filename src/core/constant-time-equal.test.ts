import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from './constant-time-equal.ts';

describe('constantTimeEqual', () => {
  it('is true only for the same text', () => {
    expect(constantTimeEqual('state-value-1', 'state-value-1')).toBe(true);
    expect(constantTimeEqual('state-value-1', 'state-value-2')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('', 'x')).toBe(false);
  });

  it('refuses a prefix and a longer value (different lengths never throw)', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('abcd', 'abc')).toBe(false);
  });

  it('compares bytes, and text by its UTF-8 bytes', () => {
    expect(constantTimeEqual(Buffer.from('ä'), 'ä')).toBe(true);
    expect(constantTimeEqual(Buffer.from([0xc3, 0xa4]), 'ä')).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    // The same characters in another normal form are other bytes: not equal.
    expect(constantTimeEqual('ä', 'a\u0308')).toBe(false);
  });
});
