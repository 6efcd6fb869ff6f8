import { describe, expect, it } from 'vitest';
import { splitMultivalue } from './split-multivalue.ts';

describe('splitMultivalue (docs/data-model.md "Multivalue rules")', () => {
  it.each([
    ['30076', ['30076']],
    ['30076;99977', ['30076', '99977']],
    ['1D;;', ['1D', null, null]],
    [';1D', [null, '1D']],
    [' 7A ; 7B ', ['7A', '7B']],
    ['7\\A;\\\\', ['7A', null]],
    ['', [null]],
    [' ', [null]],
  ])('%j → %j', (input, expected) => {
    expect(splitMultivalue(input)).toEqual(expected);
  });
});
