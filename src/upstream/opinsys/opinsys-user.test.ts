import { describe, expect, it } from 'vitest';
import { defaultMapping } from '../index.ts';
import { opinsysAttributes } from './opinsys-user.ts';

/** A Puavo REST user (`/v3/users/_by_id/<id>`, puavo-web rest/resources/users.rb `schools_hash`). */
const restUser = {
  id: 4711,
  first_name: 'Olli',
  last_name: 'Opinsys',
  learner_id: '1.2.246.562.24.10000000008',
  user_type: 'student',
  year_class: '8',
  schools: [
    {
      name: 'Mansikkalan koulu',
      school_code: '30076',
      roles: ['student'],
      groups: [{ type: 'teaching group', name: '8B' }],
      learning_materials_charge: '1',
    },
    // The SSO documentation's form "X;YYYYY" (state; school code).
    { name: 'Toinen koulu', school_code: '30077', roles: ['student'], learning_materials_charge: '0;30077' },
    { name: 'Kolmas koulu', school_code: '30078', roles: ['student'] },
  ],
};

describe('Opinsys user → raw attributes', () => {
  it('reads the learning-materials charge per school, one position per school', () => {
    expect(opinsysAttributes({ id: 4711 }, restUser).learning_materials_charges).toEqual(['1;0;']);
  });

  it.each([
    ['1;30076', '1'],
    ['0', '0'],
    ['2', ''],
    ['1;99999', ''],
    [1, '1'],
  ])('charge %j at school 30076 → %j', (charge, expected) => {
    const user = {
      schools: [{ school_code: '30076', roles: ['student'], learning_materials_charge: charge }],
    };
    expect(opinsysAttributes({ id: 1 }, user).learning_materials_charges?.[0] ?? '').toBe(expected);
  });

  it.each([
    ['8', '8'],
    ['7A', '7'],
    ['10', '10'],
    ['heroes-2019', undefined],
    ['Vuosiluokka 7', undefined],
    [null, undefined],
  ])('class level from year_class %j → %j', (yearClass, expected) => {
    expect(opinsysAttributes({ id: 1, year_class: yearClass }, undefined).group_levels?.[0]).toBe(expected);
  });

  it('every name of the default opinsys mapping is produced by the connector for a full user', () => {
    const raw = opinsysAttributes({ id: 4711, nickname: 'Olli' }, restUser);
    for (const [field, name] of Object.entries(defaultMapping('opinsys'))) {
      expect(raw[name], `${field} → ${name}`).toBeDefined();
    }
  });
});
