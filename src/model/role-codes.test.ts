import { describe, expect, it } from 'vitest';
import { mapRole, ROLE_CODES } from './role-codes.ts';

describe('role mapping (docs/data-model.md "Roles")', () => {
  it.each([
    ['oppilas', 'Oppilas', 1],
    ['OPPILAS', 'Oppilas', 1],
    ['Opiskelija', 'Oppilas', 1],
    ['student', 'Oppilas', 1],
    ['Oppija', 'Oppilas', 1],
    ['inlärare', 'Oppilas', 1],
    ['INLÄRARE', 'Oppilas', 1],
    ['Learner', 'Oppilas', 1],
    ['opettaja', 'Opettaja', 2],
    ['Teacher', 'Opettaja', 2],
    ['LÄRARE', 'Opettaja', 2],
    ['hallintohenkilö', 'Hallintohenkilö', 3],
    ['Staff', 'Hallintohenkilö', 3],
    ['koulusihteeri', 'Koulusihteeri', 4],
    ['Skolsekreterare', 'Koulusihteeri', 4],
    ['School  Secretary', 'Koulusihteeri', 4],
    ['sijaisopettaja', 'Sijaisopettaja', 5],
    ['lärarvikarie', 'Sijaisopettaja', 5],
    ['substitute teacher', 'Sijaisopettaja', 5],
    ['Rehtori', 'Rehtori', 6],
    ['principal', 'Rehtori', 6],
    ['REKTOR', 'Rehtori', 6],
    [' oppilas ', 'Oppilas', 1],
    ['la\u0308rare', 'Opettaja', 2],
  ])('%j → %s (%i)', (input, text, code) => {
    expect(mapRole(input)).toMatchObject({ text, code });
  });

  it.each(['huoltaja', 'parent', 'elev', 'admin', '', 'Oppilas1'])('unknown role %j', (input) => {
    expect(mapRole(input)).toBeUndefined();
  });

  it('has six codes, each with its own transmitted text', () => {
    expect(ROLE_CODES.map((r) => `${r.code}:${r.text}`)).toEqual([
      '1:Oppilas',
      '2:Opettaja',
      '3:Hallintohenkilö',
      '4:Koulusihteeri',
      '5:Sijaisopettaja',
      '6:Rehtori',
    ]);
  });
});
