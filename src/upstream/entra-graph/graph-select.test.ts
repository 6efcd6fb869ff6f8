import { describe, expect, it } from 'vitest';
import { defaultMapping } from '../index.ts';
import { graphSelectNames } from './graph-select.ts';

describe('Graph $select names', () => {
  it('with the Entra defaults alone, asks only for Graph user properties', () => {
    expect(graphSelectNames({ configured: [], defaults: Object.values(defaultMapping('entra')) })).toEqual([
      'id',
      'givenName',
      'surname',
    ]);
  });

  it('keeps every name the school configured, even one Graph may refuse (the error then names it)', () => {
    expect(
      graphSelectNames({
        configured: ['extension_0a1b_learnerId', 'employeeId', 'nickName'],
        defaults: ['id', 'givenName', 'learnerId', 'classLevel'],
      }),
    ).toEqual(['extension_0a1b_learnerId', 'employeeId', 'nickName', 'id', 'givenName']);
  });
});
