import { describe, expect, it } from 'vitest';
import { countedAs } from './counted-as.ts';

describe('countedAs', () => {
  it('takes the first school code and the kind of the first role', () => {
    expect(countedAs(['00001', '00002'], [], [null, 'oppilas', 'opettaja'])).toEqual({
      school: '00001',
      roleKind: 'pupil',
    });
    expect(countedAs(['00001'], [], ['Teacher'])).toEqual({ school: '00001', roleKind: 'teacher' });
    expect(countedAs(['00001'], [], ['sijaisopettaja'])).toEqual({ school: '00001', roleKind: 'teacher' });
    expect(countedAs(['00001'], [], ['rehtori'])).toEqual({ school: '00001', roleKind: 'other' });
  });

  it('falls back to the school id the registry sent when it has a school id’s shape', () => {
    expect(countedAs(undefined, [null, '99979'], ['oppilas']).school).toBe('99979');
    expect(countedAs(undefined, ['1.2.246.562.10.00000000001'], []).school).toBe(
      '1.2.246.562.10.00000000001',
    );
    expect(countedAs(['00001'], ['99979'], []).school).toBe('00001');
    expect(countedAs(undefined, ['Koulu; DROP TABLE'], []).school).toBe('');
  });

  it('counts an unknown role as other and no role or school as empty', () => {
    expect(countedAs(undefined, [], ['wizard'])).toEqual({ school: '', roleKind: 'other' });
    expect(countedAs([], [], [])).toEqual({ school: '', roleKind: '' });
    expect(countedAs(['00001'], [], [null, ' '])).toEqual({ school: '00001', roleKind: '' });
  });
});
