import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attributeMappingSchema, INTERNAL_NAMES } from '../model/attribute-mapping.ts';
import { renderDataModelDoc } from '../model/data-model-doc.ts';
import { defaultMapping, defaultMappingColumns, effectiveMapping, INTEGRATION_TYPES } from './index.ts';

/** The defaults each connector module declares (docs/data-model.md "Attribute names per upstream type"). */
describe('attribute mapping defaults from the connector table', () => {
  it('ADFS, Google and the test directory share the fixed defaults', () => {
    const adfs = {
      username: 'mpassUserIdentity',
      firstName: 'firstName',
      surname: 'surname',
      nickname: 'nickName',
      learnerId: 'learnerId',
      schoolIds: 'schoolCode',
      roles: 'userRole',
      groups: 'class',
      groupLevels: 'classLevel',
      learningMaterialsCharges: 'learningMaterialsCharge',
    };
    expect(defaultMapping('adfs')).toEqual(adfs);
    expect(defaultMapping('google')).toEqual(adfs);
    expect(defaultMapping('test-directory')).toEqual(adfs);
  });

  it.each([
    ['entra', { username: 'id', firstName: 'givenName', surname: 'surname' }],
    [
      'wilma',
      { username: 'username', schoolIds: 'schoolCodes', roles: 'schoolRoles', groups: 'schoolGroups' },
    ],
    ['opinsys', { username: 'id', firstName: 'first_name', surname: 'last_name' }],
    ['oidc', { username: 'sub', firstName: 'given_name', surname: 'family_name' }],
  ] as const)('%s defaults', (type, expected) => {
    expect(defaultMapping(type)).toMatchObject(expected);
  });

  it('every type maps every internal name', () => {
    for (const type of INTEGRATION_TYPES) {
      expect(Object.keys(defaultMapping(type)).sort()).toEqual([...INTERNAL_NAMES].sort());
    }
  });

  it('an override replaces only the given names', () => {
    const override = attributeMappingSchema.parse({ roles: 'opentunti.role', learnerId: 'opentunti.oid' });
    expect(effectiveMapping('entra', override)).toMatchObject({
      roles: 'opentunti.role',
      learnerId: 'opentunti.oid',
      username: 'id',
      schoolIds: 'schoolCode',
    });
  });

  it('defaults are copies', () => {
    const m = defaultMapping('adfs');
    m.username = 'x';
    expect(defaultMapping('adfs').username).toBe('mpassUserIdentity');
  });

  it.each([{ unknown: 'x' }, { roles: '' }, { roles: 'a\u0000b' }, { roles: 'x'.repeat(257) }, { roles: 5 }])(
    'rejects %j',
    (input) => {
      expect(attributeMappingSchema.safeParse(input).success).toBe(false);
    },
  );
});

describe('docs/data-model.md', () => {
  it('matches the checked-in page, with the connector modules’ defaults in table order', () => {
    const doc = renderDataModelDoc(defaultMappingColumns());
    expect(readFileSync(new URL('../../docs/data-model.md', import.meta.url), 'utf8')).toBe(doc);
  });
});
