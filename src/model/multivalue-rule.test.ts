import { describe, expect, it } from 'vitest';
import { isAcceptedCombination, pairRoleEntries } from './multivalue-rule.ts';

// The multivalue rule as the wiki words it (https://wiki.eduuni.fi/x/ya-gDQ): roles = schools or one role; classes = none, one or one per school.
function wikiRule(schools: number, roles: number, groups: number): boolean {
  return (roles === schools || roles === 1) && (groups <= 1 || groups === schools);
}

describe('multivalue acceptance (MPASSid wiki "Moniarvoisten attribuuttien säännöt")', () => {
  const combos: [number, number, number][] = [];
  for (let s = 1; s <= 4; s++)
    for (let r = 1; r <= 4; r++) for (let g = 0; g <= 4; g++) combos.push([s, r, g]);

  it.each(combos)('%i schools, %i roles, %i classes', (s, r, g) => {
    expect(isAcceptedCombination(s, r, g)).toBe(wikiRule(s, r, g));
  });

  it.each([
    [2, 2, 2, true, 'one role and one class per school'],
    [2, 2, 0, true, 'no class'],
    [2, 2, 1, true, 'one class → first school'],
    [2, 1, 2, true, 'one role for all schools'],
    [2, 1, 1, true, 'one role, one class'],
    [3, 2, 0, false, 'two roles for three schools'],
    [2, 2, 3, false, 'three classes for two schools'],
    [1, 2, 0, false, 'more roles than schools'],
    [3, 1, 2, false, 'two classes for three schools'],
  ])('%i/%i/%i accepted=%s (%s)', (s, r, g, accepted) => {
    expect(isAcceptedCombination(s, r, g)).toBe(accepted);
  });
});

describe('pairRoleEntries', () => {
  it('applies one role to every school and one class to the first only', () => {
    const entries = pairRoleEntries(['30076', '99977'], ['Oppilas'], ['9A'], undefined);
    expect(entries?.map((e) => [e.schoolId, e.role, e.group, e.charge])).toEqual([
      ['30076', 'Oppilas', '9A', undefined],
      ['99977', 'Oppilas', null, undefined],
    ]);
  });

  it('pairs per position and keeps empty positions', () => {
    const entries = pairRoleEntries(['30076', '99977'], ['Oppilas', null], ['9A', null], ['1', '0']);
    expect(entries?.map((e) => [e.role, e.group, e.charge])).toEqual([
      ['Oppilas', '9A', '1'],
      [null, null, '0'],
    ]);
  });

  it('one charge applies to all schools', () => {
    const entries = pairRoleEntries(['a', 'b', 'c'], ['x'], [], ['1']);
    expect(entries?.map((e) => e.charge)).toEqual(['1', '1', '1']);
  });

  it('a charge count that is neither 1 nor |S| pairs no charge', () => {
    const entries = pairRoleEntries(['a', 'b', 'c'], ['x'], [], ['1', '0']);
    expect(entries?.map((e) => [e.charge, e.chargeCountMismatch])).toEqual([
      [null, true],
      [null, true],
      [null, true],
    ]);
  });

  it('rejects a mismatching combination as a whole', () => {
    expect(pairRoleEntries(['a', 'b', 'c'], ['x', 'y'], [], undefined)).toBeUndefined();
  });
});
