import { randomBytes } from 'node:crypto';
import { parse as fastQuerystring } from 'fast-querystring';
import { describe, expect, it } from 'vitest';
import { parseFormBody } from './parse-form-body.ts';

/** Deterministic pseudo-random numbers (xorshift32), so a failing body can be found again. */
function numbers(seed: number) {
  let x = seed;
  return (below: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % below;
  };
}

/** Pieces that exercise every branch: separators, plus, valid and broken escapes, non-ASCII, NUL. */
const PIECES = [
  '&',
  '&',
  '=',
  '=',
  '+',
  '%',
  '%2',
  '%2B',
  '%2b',
  '%3D',
  '%26',
  '%25',
  '%20',
  '%00',
  '%C3%A4',
  '%E2%82%AC',
  '%F0%9F%98%80',
  '%C3',
  '%C3%28',
  '%ED%A0%80',
  '%C0%AF',
  '%FF',
  '%zz',
  'a',
  'b',
  'key',
  'SAMLResponse',
  'RelayState',
  '__proto__',
  'constructor',
  'ä',
  '€',
  '\u0000',
  ' ',
  'x y',
  '+%2B+',
  '==',
];

function body(next: (below: number) => number): string {
  let text = '';
  const pieces = next(12);
  for (let i = 0; i < pieces; i++) text += PIECES[next(PIECES.length)];
  return text;
}

describe('parseFormBody', () => {
  it('gives what fast-querystring gives for generated bodies', () => {
    const next = numbers(0x9e3779b9);
    for (let i = 0; i < 50_000; i++) {
      const input = body(next);
      expect({ input, parsed: { ...parseFormBody(input) } }).toEqual({
        input,
        parsed: { ...fastQuerystring(input) },
      });
    }
  });

  it('gives what fast-querystring gives for a school form post', () => {
    const response = randomBytes(7600).toString('base64');
    const input = `SAMLResponse=${encodeURIComponent(response)}&RelayState=${encodeURIComponent('s=1&t=ä')}`;
    expect(parseFormBody(input)).toEqual(fastQuerystring(input));
    expect(parseFormBody(input).SAMLResponse).toBe(response);
  });

  it('decodes plus before escapes, collects repeated keys and keeps broken escapes as sent', () => {
    const parsed = parseFormBody('a=x+y%2B&a=2&a=%C3%A4&bad=%E0%A4%A&=v&flag&&');
    expect(parsed).toEqual({ a: ['x y+', '2', 'ä'], bad: '%E0%A4%A', '': 'v', flag: '' });
  });

  it('keeps __proto__ and constructor as plain keys on a record without a prototype', () => {
    const parsed = parseFormBody('__proto__=p&constructor=c');
    expect(Object.getPrototypeOf(parsed)).toBeNull();
    expect(Object.keys(parsed)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toBe('p');
  });
});
