import { describe, expect, it } from 'vitest';
import { applyServicePolicy } from '../../model/apply-service-policy.ts';
import { resolveIdentity } from '../../model/resolve-identity.ts';
import { bundledOrganisations } from '../../orgdata/bundled-snapshot.ts';
import { createOrgdataIndex } from '../../orgdata/orgdata-lookup.ts';
import { defaultMapping } from '../index.ts';
import { findTestAccount, testAccountUsernames, verifyTestAccountPassword } from './accounts.ts';

const orgdata = createOrgdataIndex(bundledOrganisations());
const P = '1.2.246.562.99.00000000001';
const S76 = '1.2.246.562.99.00000000002';
const S77 = '1.2.246.562.99.00000000003';
const S78 = '1.2.246.562.99.00000000004';
const OFFICE = '1.2.246.562.99.00000000005';

function login(username: string) {
  const raw = findTestAccount(username);
  if (!raw) throw new Error(`no test account ${username}`);
  return resolveIdentity({
    integrationId: '4000001',
    flowName: 'TestDirectory4000001',
    integrationType: 'test-directory',
    mapping: defaultMapping('test-directory'),
    raw,
    orgdata,
  });
}

const codes = (username: string) => login(username).problems.map((p) => p.code);

describe('test directory accounts (MPASSid wiki "Test accounts available for testing"; docs/decisions-data-model.md "Test accounts")', () => {
  it('passwords are <username>pwd', () => {
    expect(verifyTestAccountPassword('demo_u0001', 'demo_u0001pwd')).toEqual(findTestAccount('demo_u0001'));
    expect(verifyTestAccountPassword('demo_u0001', 'demo_u0002pwd')).toBeUndefined();
    expect(verifyTestAccountPassword('demo_u0001', '')).toBeUndefined();
    expect(verifyTestAccountPassword('nobody', 'nobodypwd')).toBeUndefined();
  });

  it('sends raw ADFS-style attributes, multi values as one `;` string', () => {
    expect(findTestAccount('demo_u0031')).toEqual({
      mpassUserIdentity: ['mansikkala-demo_u0031'],
      firstName: ['Testi31'],
      surname: ['Oppilas31'],
      nickName: ['Kutsumanimi31'],
      learnerId: ['1.2.246.562.98.10000000031'],
      schoolCode: [`30076;${OFFICE}`],
      userRole: ['Oppilas'],
      class: ['9F;TVP1'],
      classLevel: ['9'],
      learningMaterialsCharge: ['1'],
    });
  });

  it('demo_u0001 releases schoolInfo in both forms, a 7-field role and the Mansikkala provider', () => {
    const r = login('demo_u0001');
    expect(r.blocked).toBe(false);
    expect(r.problems).toEqual([]);
    expect(r.attributes.schoolInfo).toEqual([
      '30076;Mansikkalan testi peruskoulu',
      '1.2.246.562.99.00000000002;Mansikkalan testi peruskoulu',
    ]);
    expect(r.attributes.role).toEqual([`${P};30076;9F;Oppilas;1;${S76};`]);
    expect(r.attributes.role?.[0]?.split(';')).toHaveLength(7);
    expect(r.attributes.educationProviderInfo).toEqual([`${P};Mansikkalan testikoulutustoimija`]);
    expect(r.attributes.learningMaterialsCharge).toEqual(['1;30076', `1;${S76}`]);
  });

  it.each(testAccountUsernames())('%s charge follows the username parity; test learner id', (username) => {
    const n = Number(username.slice(-4));
    const r = login(username);
    const charges = r.attributes.learningMaterialsCharge ?? [];
    for (const c of charges) expect(c.startsWith(`${n % 2};`)).toBe(true);
    if (!r.blocked) expect(applyServicePolicy(r, { allowTestLearnerId: false }).blocked).toBe(true);
  });

  it.each(['demo_u0002', 'demo_u0004', 'demo_u0005', 'demo_u0009', 'demo_u0026'])(
    '%s is regular',
    (username) => {
      const r = login(username);
      expect(r.problems).toEqual([]);
      expect(r.attributes.schoolCode).toEqual(['30076']);
      expect(Object.keys(r.attributes)).toHaveLength(15);
    },
  );

  it('demo_u0003: a vocational office resolves to its institution', () => {
    const r = login('demo_u0003');
    expect(r.attributes.schoolCode).toEqual(['99978']);
    expect(r.attributes.schoolInfo).toContain(
      `${OFFICE};Mansikkalan testiammattiopisto, Keskustan toimipiste`,
    );
    expect(r.attributes.role).toEqual([`${P};99978;TVP1;Oppilas;1;${S78};${OFFICE}`]);
  });

  it.each(['demo_u0010', 'demo_u0011', 'demo_u0015', 'demo_u0019'])(
    '%s: Scandinavian surname in NFC',
    (username) => {
      const surname = login(username).attributes.surname?.[0] ?? '';
      expect(surname).toMatch(/[åäöÅÄÖ]/);
      expect(surname).toBe(surname.normalize('NFC'));
    },
  );

  it('demo_u0011 sends NFD and gets NFC', () => {
    expect(findTestAccount('demo_u0011')?.surname?.[0]).not.toBe('Äijälä11');
    expect(login('demo_u0011').attributes.surname).toEqual(['Äijälä11']);
  });

  it.each([
    ['demo_u0020', ['SCHOOL_MISSING'], false],
    ['demo_u0021', ['SCHOOL_UNRESOLVED'], false],
    ['demo_u0022', ['LEARNER_ID_MISSING'], true],
    ['demo_u0023', ['ROLE_MISSING'], false],
    ['demo_u0029', ['FIRST_NAME_MISSING'], false],
    ['demo_u0030', ['LEARNER_ID_INVALID'], true],
  ])('%s → %j, blocked=%s', (username, expected, blocked) => {
    const r = login(username);
    expect(codes(username)).toEqual(expected);
    expect(r.blocked).toBe(blocked);
  });

  it('demo_u0020/0021/0023: school data dropped as the MPASSid attribute check says', () => {
    expect(login('demo_u0020').attributes.schoolInfo).toBeUndefined();
    expect(login('demo_u0021').attributes).toMatchObject({ schoolCode: ['99979'] });
    expect(login('demo_u0021').attributes.role).toBeUndefined();
    expect(login('demo_u0023').attributes.schoolCode).toBeUndefined();
    expect(login('demo_u0023').attributes.educationProviderInfo).toBeUndefined();
  });

  it.each([
    ['demo_u0024', 'classLevel'],
    ['demo_u0025', 'class'],
    ['demo_u0027', 'learningMaterialsCharge'],
    ['demo_u0028', 'nickname'],
    ['demo_u0029', 'firstName'],
  ])('%s lacks %s and nothing else', (username, missing) => {
    const r = login(username);
    expect(r.attributes[missing]).toBeUndefined();
    expect(Object.keys(r.attributes)).toHaveLength(14);
  });

  it('demo_u0025: role without class', () => {
    expect(login('demo_u0025').attributes.role).toEqual([`${P};30076;;Oppilas;1;${S76};`]);
  });

  it('demo_u0031: two schools incl. a vocational office', () => {
    const r = login('demo_u0031');
    expect(r.problems).toEqual([]);
    expect(r.attributes.schoolCode).toEqual(['30076', '99978']);
    expect(r.attributes.role).toEqual([
      `${P};30076;9F;Oppilas;1;${S76};`,
      `${P};99978;TVP1;Oppilas;1;${S78};${OFFICE}`,
    ]);
  });

  it.each([
    ['demo_u0032', [`${P};30076;9F;Oppilas;1;${S76};`, `${P};99977;L1A;Oppilas;1;${S77};`]],
    ['demo_u0033', [`${P};30076;9F;Oppilas;1;${S76};`, `${P};99977;;Oppilas;1;${S77};`]],
    ['demo_u0034', [`${P};30076;;Oppilas;1;${S76};`, `${P};99977;;Oppilas;1;${S77};`]],
    ['demo_u0036', [`${P};30076;9F;Oppilas;1;${S76};`, `${P};99977;;Opettaja;2;${S77};`]],
    ['demo_u0037', [`${P};30076;9F;Oppilas;1;${S76};`, `${P};99977;;Oppilas;1;${S77};`]],
  ])('%s multi-school roles', (username, roles) => {
    const r = login(username);
    expect(r.problems).toEqual([]);
    expect(r.attributes.role).toEqual(roles);
  });

  it('demo_u0035: three schools, classes with empty positions', () => {
    const r = login('demo_u0035');
    expect(r.attributes.schoolCode).toEqual(['30076', '99977', '99978']);
    expect(r.attributes.role?.[2]).toBe(`${P};99978;;Oppilas;1;${S78};`);
    expect(r.attributes.class).toEqual(['9F']);
  });

  it('demo_u0036: charge only for the student position', () => {
    expect(login('demo_u0036').attributes.learningMaterialsCharge).toEqual(['0;30076', `0;${S76}`]);
  });

  it('demo_u0038: two education providers', () => {
    expect(login('demo_u0038').attributes.educationProviderInfo).toEqual([
      `${P};Mansikkalan testikoulutustoimija`,
      '1.2.246.562.99.00000000010;Mustikkalan testikoulutustoimija',
    ]);
  });

  it.each([
    ['demo_u0040', [`${P};30076;;Opettaja;2;${S76};`]],
    ['demo_u0041', [`${P};30076;;Opettaja;2;${S76};`, `${P};99977;;Opettaja;2;${S77};`]],
    ['demo_u0042', [`${P};30076;;Opettaja;2;${S76};`, `${P};99977;;Rehtori;6;${S77};`]],
    ['demo_u0043', [`${P};99978;;Opettaja;2;${S78};`]],
    ['demo_u0044', [`${P};30076;;Sijaisopettaja;5;${S76};`]],
    ['demo_u0045', [`${P};30076;;Koulusihteeri;4;${S76};`]],
  ])('%s: staff roles, no charge', (username, roles) => {
    const r = login(username);
    expect(r.problems).toEqual([]);
    expect(r.attributes.role).toEqual(roles);
    expect(r.attributes.learningMaterialsCharge).toBeUndefined();
  });
});
