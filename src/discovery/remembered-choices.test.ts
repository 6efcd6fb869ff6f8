import { describe, expect, it } from 'vitest';
import { MAX_REMEMBERED, parseRememberedChoices, rememberChoice } from './remembered-choices.ts';

describe('remember-my-choice cookie', () => {
  it('reads valid choices, newest first, at most three, without duplicates', () => {
    expect(
      parseRememberedChoices(
        '4000001~30076|4000002~|4000001~30076|adfs_1~1.2.246.562.99.00000000003|x~99977',
      ),
    ).toEqual(['4000001~30076', '4000002~', 'adfs_1~1.2.246.562.99.00000000003']);
  });

  it.each([
    [undefined],
    [''],
    ['garbage'],
    ['4000001'],
    ['4000001~3007'],
    ['4000001~30076;evil=1'],
    ['../etc~30076'],
    ['<script>~30076'],
    ['a'.repeat(5000)],
  ])('drops malformed values: %s', (value) => {
    expect(parseRememberedChoices(value)).toEqual([]);
  });

  it('moves a new choice to the front and forgets the oldest', () => {
    let cookie = '';
    for (const key of ['a~10001', 'b~10002', 'c~10003', 'd~10004', 'b~10002']) {
      cookie = rememberChoice(parseRememberedChoices(cookie), key);
    }
    expect(parseRememberedChoices(cookie)).toEqual(['b~10002', 'd~10004', 'c~10003']);
    expect(parseRememberedChoices(cookie)).toHaveLength(MAX_REMEMBERED);
  });
});
