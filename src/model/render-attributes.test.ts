import { describe, expect, it } from 'vitest';
import type { ReleasedAttributes } from '../core/resolved-identity.ts';
import { seededRandom as prng } from '../core/testing/seeded-random.ts';
import { ATTRIBUTE_CATALOGUE, DATA_NAMES } from './attribute-catalogue.ts';
import { toOidcClaims } from './render-oidc-claims.ts';
import { toSamlAttributes } from './render-saml-attributes.ts';

const ALPHABET = 'abcåäöÅÄÖ019;. -_é\u00e9';

function randomIdentity(next: () => number): ReleasedAttributes {
  const out: ReleasedAttributes = {};
  for (const name of DATA_NAMES) {
    if (next() < 0.3) continue;
    const count = 1 + Math.floor(next() * 4);
    out[name] = Array.from({ length: count }, () =>
      Array.from(
        { length: Math.floor(next() * 12) },
        () => ALPHABET[Math.floor(next() * ALPHABET.length)],
      ).join(''),
    );
  }
  if (next() < 0.2) out.notInCatalogue = ['x'];
  return out;
}

describe('SAML attributes and OIDC claims carry equal values (docs/data-model.md)', () => {
  it('for 1000 random identities', () => {
    const next = prng(20240605);
    for (let i = 0; i < 1000; i++) {
      const released = randomIdentity(next);
      const saml = toSamlAttributes(released);
      const claims = toOidcClaims(released);
      expect(saml).toHaveLength(Object.keys(claims).length);
      for (const attr of saml) {
        const entry = ATTRIBUTE_CATALOGUE.find((e) => e.samlName === attr.name);
        expect(entry).toBeDefined();
        if (!entry) continue;
        const claim = claims[entry.oidcClaim];
        expect(Array.isArray(claim)).toBe(entry.multi);
        expect(Array.isArray(claim) ? claim : [claim]).toEqual(attr.values);
        expect(attr.values[0]).toBe(released[entry.name]?.[0]);
      }
    }
  });
});

describe('renderings', () => {
  const released: ReleasedAttributes = {
    surname: ['Oppilas1'],
    firstName: ['Testi1'],
    uid: ['MPASSOID.abc'],
    schoolInfo: ['30076;Mansikkalan testi peruskoulu'],
    empty: [],
  };

  it('SAML: URI names, FriendlyNames, uri NameFormat, catalogue order', () => {
    expect(toSamlAttributes(released)).toEqual([
      {
        name: 'urn:oid:2.5.4.4',
        friendlyName: 'sn',
        nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
        values: ['Oppilas1'],
      },
      {
        name: 'urn:oid:2.5.4.42',
        friendlyName: 'givenName',
        nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
        values: ['Testi1'],
      },
      {
        name: 'urn:mpass.id:uid',
        friendlyName: 'mpassUsername',
        nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
        values: ['MPASSOID.abc'],
      },
      {
        name: 'urn:mpass.id:schoolInfo',
        friendlyName: 'mpassSchoolInfo',
        nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
        values: ['30076;Mansikkalan testi peruskoulu'],
      },
    ]);
  });

  it('OIDC: family_name/given_name, URN names otherwise, arrays for multi-valued', () => {
    expect(toOidcClaims(released)).toEqual({
      family_name: 'Oppilas1',
      given_name: 'Testi1',
      'urn:mpass.id:uid': 'MPASSOID.abc',
      'urn:mpass.id:schoolInfo': ['30076;Mansikkalan testi peruskoulu'],
    });
  });
});

describe('attribute catalogue (docs/data-model.md "Attributes")', () => {
  it('has unique names, SAML names, FriendlyNames and claims', () => {
    for (const key of ['name', 'samlName', 'friendlyName', 'oidcClaim'] as const) {
      const values = ATTRIBUTE_CATALOGUE.map((e) => e[key]);
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it.each([
    ['surname', 'urn:oid:2.5.4.4', 'sn', 'family_name', false],
    ['firstName', 'urn:oid:2.5.4.42', 'givenName', 'given_name', false],
    ['learnerId', 'urn:oid:1.3.6.1.4.1.16161.1.1.27', 'learnerId', 'urn:oid:1.3.6.1.4.1.16161.1.1.27', false],
    ['uid', 'urn:mpass.id:uid', 'mpassUsername', 'urn:mpass.id:uid', false],
    ['schoolInfo', 'urn:mpass.id:schoolInfo', 'mpassSchoolInfo', 'urn:mpass.id:schoolInfo', true],
    ['role', 'urn:mpass.id:role', 'mpassRole', 'urn:mpass.id:role', true],
    [
      'educationProviderId',
      'urn:mpass.id:educationProviderId',
      'mpassEducationProviderOid',
      'urn:mpass.id:educationProviderId',
      true,
    ],
    [
      'learningMaterialsCharge',
      'urn:mpass.id:learningMaterialsCharge',
      'mpassLearningMaterialsCharge',
      'urn:mpass.id:learningMaterialsCharge',
      true,
    ],
  ])('%s', (name, samlName, friendlyName, oidcClaim, multi) => {
    expect(ATTRIBUTE_CATALOGUE.find((e) => e.name === name)).toMatchObject({
      samlName,
      friendlyName,
      oidcClaim,
      multi,
    });
  });
});
