import { describe, expect, it } from 'vitest';
import { classifyLearnerId, ibm731CheckDigit, isTestLearnerId } from './learner-id.ts';

describe('learner id (MPASSid wiki "MPASSid ja oppijanumero")', () => {
  it.each([
    // body → IBM 7-3-1 check digit (weights 7,3,1 from the right)
    ['1000000001', 6],
    ['9233338138', 1],
    ['0000000000', 0],
    ['1234567890', 7],
  ])('check digit of %s is %i', (body, digit) => {
    expect(ibm731CheckDigit(body)).toBe(digit);
  });

  it.each([
    ['1.2.246.562.24.10000000016', 'national'],
    ['1.2.246.562.24.92333381381', 'national'],
    ['1.2.246.562.98.10000000001', 'test'],
    ['1.2.246.562.98.12345', 'test'],
    ['1.2.246.562.24.10000000010', undefined],
    ['1.2.246.562.24.1000000001', undefined],
    ['1.2.246.562.24.100000000166', undefined],
    ['1.2.246.562.10.10000000016', undefined],
    ['1.2.246.562.98.', undefined],
    ['1.2.246.562.98.12a', undefined],
    [' 1.2.246.562.24.10000000016', undefined],
    ['', undefined],
  ])('%s → %s', (value, kind) => {
    expect(classifyLearnerId(value)).toBe(kind);
  });

  it('recognises the test branch by prefix', () => {
    expect(isTestLearnerId('1.2.246.562.98.10000000001')).toBe(true);
    expect(isTestLearnerId('1.2.246.562.24.10000000016')).toBe(false);
  });
});
