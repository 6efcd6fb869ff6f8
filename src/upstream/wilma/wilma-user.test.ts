import { describe, expect, it } from 'vitest';
import { readSourceValues } from '../../model/read-source-values.ts';
import { effectiveMapping } from '../index.ts';
import { wilmaUserAttributes } from './wilma-user.ts';

/** A Wilma user document with fields the connector has no name for (a school's own Wilma build). */
const user = {
  first_name: 'Wilma',
  last_name: 'Oppilas',
  oppijanumero: '1.2.246.562.24.10000000008',
  kutsumanimi: 'Vilu',
  luokkaaste: 8,
  aktiivinen: true,
  tunnisteet: ['a', 'b'],
  roles: [{ school: '30076', role: 'student', group: '8B', koulunOid: '1.2.246.562.10.00000000001' }],
  attributes: [{ name: 'learnerId', value: '1.2.246.562.24.99999999999' }],
};

describe('Wilma user document → raw attributes', () => {
  it('keeps every field of the user document, so a mapping override can reach it', () => {
    const raw = wilmaUserAttributes('wilma-42', user) ?? {};
    expect(raw).toMatchObject({
      oppijanumero: ['1.2.246.562.24.10000000008'],
      kutsumanimi: ['Vilu'],
      luokkaaste: ['8'],
      aktiivinen: ['true'],
      tunnisteet: ['a', 'b'],
      // A field of the role entries: one position per role, like the known ones.
      'roles.koulunOid': ['1.2.246.562.10.00000000001'],
    });
    const mapping = effectiveMapping('wilma', { learnerId: 'oppijanumero', nickname: 'kutsumanimi' });
    expect(readSourceValues(raw, mapping, [])).toMatchObject({
      learnerId: '1.2.246.562.24.10000000008',
      nickname: 'Vilu',
    });
  });

  it('fields the connector derives are not overwritten by same-named fields of the document', () => {
    const raw = wilmaUserAttributes('wilma-42', { ...user, username: 'spoofed', schoolCodes: '99999' }) ?? {};
    expect(raw.username).toEqual(['wilma-42']);
    expect(raw.schoolCodes).toEqual(['30076']);
    expect(raw.learnerId).toEqual(['1.2.246.562.24.99999999999']);
  });
});
