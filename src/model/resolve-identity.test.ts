import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RawAttributes } from '../core/upstream-identity.ts';
import { bundledOrganisations } from '../orgdata/bundled-snapshot.ts';
import { createOrgdataIndex } from '../orgdata/orgdata-lookup.ts';
import { MPASS_ATTRIBUTE_NAMES } from './attribute-mapping.ts';
import type { ModelVersion } from './model-version.ts';
import { type ResolveInput, resolveIdentity } from './resolve-identity.ts';
import { computeUserId } from './user-id.ts';

const orgdata = createOrgdataIndex(bundledOrganisations());
const P = '1.2.246.562.99.00000000001';
const S76 = '1.2.246.562.99.00000000002';
const S77 = '1.2.246.562.99.00000000003';
const S78 = '1.2.246.562.99.00000000004';
const OFFICE = '1.2.246.562.99.00000000005';
const LEARNER = '1.2.246.562.24.10000000016';

function raw(fields: Record<string, string | undefined>): RawAttributes {
  const base: Record<string, string | undefined> = {
    mpassUserIdentity: 'guid-1',
    firstName: 'Testi',
    surname: 'Oppilas',
    learnerId: LEARNER,
    schoolCode: '30076',
    userRole: 'Oppilas',
    ...fields,
  };
  const out: RawAttributes = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) out[k] = [v];
  return out;
}

function resolve(fields: Record<string, string | undefined>, extra: Partial<ResolveInput> = {}) {
  return resolveIdentity({
    integrationId: '4000001',
    flowName: 'Adfs4000001',
    integrationType: 'adfs',
    mapping: { ...MPASS_ATTRIBUTE_NAMES },
    raw: raw(fields),
    orgdata,
    ...extra,
  });
}

const codes = (r: ReturnType<typeof resolve>) => r.problems.map((p) => p.code);

describe('uid (MPASSid data model: urn:mpass.id:uid)', () => {
  it('is MPASSOID. + sha1-hex(integration id + username)', () => {
    const r = resolve({});
    const sha1 = createHash('sha1').update('4000001guid-1').digest('hex');
    expect(r.uid).toBe(`MPASSOID.${sha1}`);
    expect(computeUserId('4000001', 'b')).toBe('MPASSOID.bbf86531bcc09fb7fc36d3adebc5665de2b54aa5');
    expect(r.attributes.uid).toEqual([r.uid]);
  });

  it('attribute check: without a unique id nothing is sent and the login is blocked', () => {
    const r = resolve({ mpassUserIdentity: undefined });
    expect(r).toMatchObject({ blocked: true, attributes: {} });
    expect(r.uid).toBeUndefined();
    expect(codes(r)).toEqual(['UID_MISSING']);
  });
});

describe('missing-data policy (MPASSid wiki "MPASSid-attribuuttien tarkistaminen")', () => {
  it.each([
    [{ learnerId: undefined }, 'LEARNER_ID_MISSING'],
    [{ learnerId: '1.2.246.562.24.10000000010' }, 'LEARNER_ID_INVALID'],
    [{ learnerId: 'oppijanumero' }, 'LEARNER_ID_INVALID'],
  ])('%j blocks with %s', (fields, code) => {
    const r = resolve(fields);
    expect(r.blocked).toBe(true);
    expect(codes(r)).toContain(code);
    expect(r.attributes.learnerId).toBeUndefined();
  });

  it('a test learner id resolves (the service policy decides)', () => {
    const r = resolve({ learnerId: '1.2.246.562.98.10000000001' });
    expect(r.blocked).toBe(false);
    expect(r.attributes.learnerId).toEqual(['1.2.246.562.98.10000000001']);
  });

  it('missing names: the rest is sent without them', () => {
    const r = resolve({ firstName: undefined, surname: undefined });
    expect(r.blocked).toBe(false);
    expect(r.attributes.firstName).toBeUndefined();
    expect(r.attributes.surname).toBeUndefined();
    expect(r.attributes.role).toHaveLength(1);
    expect(codes(r)).toEqual(['FIRST_NAME_MISSING', 'SURNAME_MISSING']);
  });

  const SCHOOL_ATTRS = [
    'school',
    'schoolInfo',
    'role',
    'educationProviderId',
    'educationProvider',
    'educationProviderInfo',
  ];

  it('missing school: school-derived attributes are not sent', () => {
    const r = resolve({ schoolCode: undefined, class: '7B' });
    for (const a of [...SCHOOL_ATTRS, 'schoolCode']) expect(r.attributes[a]).toBeUndefined();
    expect(r.attributes.class).toEqual(['7B']);
    expect(codes(r)).toEqual(['SCHOOL_MISSING']);
  });

  it.each([
    ['99979', 'SCHOOL_UNRESOLVED'],
    ['99975', 'SCHOOL_INACTIVE'],
    ['1.2.246.562.99.00000000099', 'SCHOOL_UNRESOLVED'],
    [P, 'SCHOOL_UNRESOLVED'],
    ['3007601', 'SCHOOL_ID_MALFORMED'],
    ['abc', 'SCHOOL_ID_MALFORMED'],
  ])('invalid school %s → %s and the listed attributes are dropped', (schoolCode, code) => {
    const r = resolve({ schoolCode });
    for (const a of SCHOOL_ATTRS) expect(r.attributes[a]).toBeUndefined();
    expect(r.problems[0]).toMatchObject({ code, severity: 'dropped' });
    expect(r.problems[0]?.attributes).toEqual(expect.arrayContaining(SCHOOL_ATTRS));
  });

  it('an unknown 5-digit school code is still sent as schoolCode (not in the drop list of the attribute check)', () => {
    expect(resolve({ schoolCode: '99979' }).attributes.schoolCode).toEqual(['99979']);
    expect(resolve({ schoolCode: 'abc' }).attributes.schoolCode).toBeUndefined();
  });

  it.each([[undefined], ['huoltaja']])(
    'role %j: role, schoolCode and school data are not sent',
    (userRole) => {
      const r = resolve({ userRole });
      for (const a of [...SCHOOL_ATTRS, 'schoolCode', 'learningMaterialsCharge'])
        expect(r.attributes[a]).toBeUndefined();
      expect(r.problems[0]?.code).toBe(userRole ? 'ROLE_UNKNOWN' : 'ROLE_MISSING');
    },
  );

  it('an unknown role is skipped for that school only', () => {
    const r = resolve({ schoolCode: '30076;99977', userRole: 'Opettaja;Huoltaja' });
    expect(r.attributes.schoolCode).toEqual(['30076']);
    expect(r.attributes.role).toEqual([`${P};30076;;Opettaja;2;${S76};`]);
    expect(codes(r)).toEqual(['ROLE_UNKNOWN']);
  });

  it.each([
    ['7', '7'],
    ['07', '7'],
    ['0', '0'],
    [' 10 ', '10'],
  ])('class level %j → %s', (classLevel, expected) => {
    expect(resolve({ classLevel }).attributes.classLevel).toEqual([expected]);
  });

  it.each(['seitsemän', '7.5', '-1', '7A'])(
    'class level %j is not an integer and is dropped',
    (classLevel) => {
      const r = resolve({ classLevel });
      expect(r.attributes.classLevel).toBeUndefined();
      expect(codes(r)).toEqual(['CLASS_LEVEL_INVALID']);
    },
  );
});

describe('composed formats (MPASSid data model 1.4; docs/data-model.md)', () => {
  it('a student at 30076: every attribute', () => {
    const r = resolve({ class: '9F', classLevel: '9', learningMaterialsCharge: '1', nickName: 'Tessu' });
    expect(r.problems).toEqual([]);
    expect(r.attributes).toEqual({
      surname: ['Oppilas'],
      firstName: ['Testi'],
      nickname: ['Tessu'],
      uid: [r.uid],
      learnerId: [LEARNER],
      schoolCode: ['30076'],
      school: ['Mansikkalan testi peruskoulu'],
      schoolInfo: ['30076;Mansikkalan testi peruskoulu', `${S76};Mansikkalan testi peruskoulu`],
      class: ['9F'],
      classLevel: ['9'],
      role: [`${P};30076;9F;Oppilas;1;${S76};`],
      educationProviderId: [P],
      educationProvider: ['Mansikkalan testikoulutustoimija'],
      educationProviderInfo: [`${P};Mansikkalan testikoulutustoimija`],
      learningMaterialsCharge: ['1;30076', `1;${S76}`],
    });
  });

  it('1.4 role: 7 fields with empty class and office', () => {
    const role = resolve({ userRole: 'teacher' }).attributes.role?.[0] ?? '';
    expect(role).toBe(`${P};30076;;Opettaja;2;${S76};`);
    expect(role.split(';')).toHaveLength(7);
  });

  it('an office given by OID resolves to its parent school and adds its own info', () => {
    const r = resolve({ schoolCode: OFFICE, class: 'TVP1' });
    expect(r.attributes.schoolCode).toEqual(['99978']);
    expect(r.attributes.schoolInfo).toEqual([
      '99978;Mansikkalan testiammattiopisto',
      `${S78};Mansikkalan testiammattiopisto`,
      `${OFFICE};Mansikkalan testiammattiopisto, Keskustan toimipiste`,
    ]);
    expect(r.attributes.role).toEqual([`${P};99978;TVP1;Oppilas;1;${S78};${OFFICE}`]);
  });

  it('a school given as OID releases its code', () => {
    expect(resolve({ schoolCode: S77 }).attributes.schoolCode).toEqual(['99977']);
  });

  it.each([
    ['0', ['0;30076', `0;${S76}`]],
    ['1', ['1;30076', `1;${S76}`]],
  ])('charge %s for a student', (charge, expected) => {
    expect(resolve({ learningMaterialsCharge: charge }).attributes.learningMaterialsCharge).toEqual(expected);
  });

  it('no charge for teachers', () => {
    const r = resolve({ userRole: 'Opettaja', learningMaterialsCharge: '1' });
    expect(r.attributes.learningMaterialsCharge).toBeUndefined();
    expect(r.problems).toEqual([]);
  });

  it.each(['2', 'maksuton', 'yes'])('charge %j is dropped', (charge) => {
    const r = resolve({ learningMaterialsCharge: charge });
    expect(r.attributes.learningMaterialsCharge).toBeUndefined();
    expect(codes(r)).toEqual(['CHARGE_INVALID']);
  });

  it('no charge attribute → no charge, no problem', () => {
    const r = resolve({});
    expect(r.attributes.learningMaterialsCharge).toBeUndefined();
    expect(r.problems).toEqual([]);
  });

  it('values are deduplicated per attribute', () => {
    const r = resolve({ schoolCode: `30076;${S76}`, userRole: 'Oppilas' });
    expect(r.attributes.schoolCode).toEqual(['30076']);
    expect(r.attributes.educationProviderInfo).toEqual([`${P};Mansikkalan testikoulutustoimija`]);
    expect(r.attributes.role).toEqual([`${P};30076;;Oppilas;1;${S76};`]);
  });

  it('two education providers', () => {
    const r = resolve({ schoolCode: '30076;99974' });
    expect(r.attributes.educationProviderId).toEqual([P, '1.2.246.562.99.00000000010']);
    expect(r.attributes.school).toEqual(['Mansikkalan testi peruskoulu', 'Mustikkalan testikoulu']);
  });

  it('originalIssuer is the home organisation when given', () => {
    expect(resolve({}, { homeOrganisationOid: P }).attributes.originalIssuer).toEqual([P]);
    expect(resolve({}).attributes.originalIssuer).toBeUndefined();
  });
});

describe('multivalue data (docs/data-model.md "Multivalue rules")', () => {
  it.each([
    [
      '30076;99977',
      'Oppilas;Opettaja',
      '9A;',
      [`${P};30076;9A;Oppilas;1;${S76};`, `${P};99977;;Opettaja;2;${S77};`],
    ],
    ['30076;99977', 'Oppilas', '9A', [`${P};30076;9A;Oppilas;1;${S76};`, `${P};99977;;Oppilas;1;${S77};`]],
    [
      '30076;99977',
      'Oppilas',
      '9A;L1',
      [`${P};30076;9A;Oppilas;1;${S76};`, `${P};99977;L1;Oppilas;1;${S77};`],
    ],
    [
      '30076;99977',
      'Oppilas;Oppilas',
      undefined,
      [`${P};30076;;Oppilas;1;${S76};`, `${P};99977;;Oppilas;1;${S77};`],
    ],
  ])('accepted: schools %s roles %s classes %s', (schoolCode, userRole, cls, roles) => {
    const r = resolve({ schoolCode, userRole, class: cls });
    expect(r.attributes.role).toEqual(roles);
    expect(r.problems).toEqual([]);
  });

  it.each([
    ['30076;99977;99978', 'Oppilas;Opettaja', undefined],
    ['30076;99977', 'Oppilas;Opettaja', '9A;9B;9C'],
    ['30076', 'Oppilas;Opettaja', undefined],
    ['30076;99977;99978', 'Oppilas', '9A;9B'],
  ])('rejected: schools %s roles %s classes %s → no multivalued data', (schoolCode, userRole, cls) => {
    const r = resolve({ schoolCode, userRole, class: cls, classLevel: '9', learningMaterialsCharge: '1' });
    for (const a of [
      'schoolCode',
      'school',
      'schoolInfo',
      'role',
      'educationProviderInfo',
      'class',
      'learningMaterialsCharge',
    ]) {
      expect(r.attributes[a]).toBeUndefined();
    }
    expect(codes(r)).toEqual(['MULTIVALUE_MISMATCH']);
    expect(r.attributes.learnerId).toEqual([LEARNER]);
  });

  it('charges: one per school, one for all, or a mismatch', () => {
    const per = resolve({ schoolCode: '30076;99977', learningMaterialsCharge: '1;0' });
    expect(per.attributes.learningMaterialsCharge).toEqual(['1;30076', `1;${S76}`, '0;99977', `0;${S77}`]);
    const all = resolve({ schoolCode: '30076;99977', learningMaterialsCharge: '0' });
    expect(all.attributes.learningMaterialsCharge).toEqual(['0;30076', `0;${S76}`, '0;99977', `0;${S77}`]);
    const bad = resolve({ schoolCode: '30076;99977;99978', learningMaterialsCharge: '0;1' });
    expect(bad.attributes.learningMaterialsCharge).toBeUndefined();
    expect(bad.attributes.role).toHaveLength(3);
    expect(codes(bad)).toEqual(['CHARGE_COUNT_MISMATCH']);
  });

  it('several SAML AttributeValues count like a `;`-joined string', () => {
    const r = resolveIdentity({
      integrationId: '4000002',
      flowName: 'Saml1',
      integrationType: 'saml',
      mapping: { ...MPASS_ATTRIBUTE_NAMES },
      raw: { ...raw({}), schoolCode: ['30076', '99977'], userRole: ['Oppilas', 'Opettaja'] },
      orgdata,
    });
    expect(r.attributes.schoolCode).toEqual(['30076', '99977']);
    expect(r.attributes.role).toHaveLength(2);
  });

  it('only the first class is released', () => {
    expect(resolve({ schoolCode: '30076;99977', class: ';8B' }).attributes.class).toEqual(['8B']);
    expect(resolve({ schoolCode: '30076;99977', class: '9A;8B' }).attributes.class).toEqual(['9A']);
  });

  it('an empty school position is a problem for that position only', () => {
    const r = resolve({ schoolCode: '30076;', userRole: 'Oppilas;Oppilas' });
    expect(r.attributes.schoolCode).toEqual(['30076']);
    expect(codes(r)).toEqual(['SCHOOL_MISSING']);
  });
});

describe('own organisation (docs/decisions-data-model.md "Missing and bad data")', () => {
  it('a school outside the integration organisation is a problem, not a release', () => {
    const r = resolve({ schoolCode: '30076;99974' }, { allowedSchoolOrganisationOids: [P] });
    expect(r.attributes.schoolCode).toEqual(['30076']);
    expect(r.attributes.school).toEqual(['Mansikkalan testi peruskoulu']);
    expect(r.problems).toMatchObject([{ code: 'SCHOOL_NOT_ALLOWED', severity: 'dropped' }]);
  });

  it('the school itself may be the allowed organisation', () => {
    const r = resolve({ schoolCode: '30076;99977' }, { allowedSchoolOrganisationOids: [S77] });
    expect(r.attributes.schoolCode).toEqual(['99977']);
  });

  it('an unknown code cannot be shown to belong, so under a restriction it is not released at all', () => {
    const r = resolve({ schoolCode: '30076;99979' }, { allowedSchoolOrganisationOids: [P] });
    expect(r.attributes.schoolCode).toEqual(['30076']);
    expect(r.problems).toMatchObject([{ code: 'SCHOOL_NOT_ALLOWED', severity: 'dropped' }]);
    // Without a restriction the unknown code is still sent (docs/data-model.md), as decided in docs/decisions-data-model.md.
    expect(resolve({ schoolCode: '30076;99979' }).attributes.schoolCode).toEqual(['30076', '99979']);
  });

  it('a closed school: its own organisation keeps the code (attribute check), another organisation sends nothing', () => {
    const own = resolve({ schoolCode: '30076;99975' }, { allowedSchoolOrganisationOids: [P] });
    expect(own.attributes.schoolCode).toEqual(['30076', '99975']);
    expect(own.problems).toMatchObject([{ code: 'SCHOOL_INACTIVE' }]);
    const foreign = resolve(
      { schoolCode: '99974;99975' },
      { allowedSchoolOrganisationOids: ['1.2.246.562.99.00000000010'] },
    );
    expect(foreign.attributes.schoolCode).toEqual(['99974']);
    expect(foreign.problems).toMatchObject([{ code: 'SCHOOL_NOT_ALLOWED', severity: 'dropped' }]);
  });

  it('an office belongs through its parent school and that school’s provider', () => {
    const r = resolve({ schoolCode: '1.2.246.562.99.00000000005' }, { allowedSchoolOrganisationOids: [P] });
    expect(r.attributes.schoolCode).toEqual(['99978']);
    const foreign = resolve(
      { schoolCode: '1.2.246.562.99.00000000005' },
      { allowedSchoolOrganisationOids: ['1.2.246.562.99.00000000010'] },
    );
    expect(foreign.attributes.schoolCode ?? []).toEqual([]);
    expect(foreign.problems).toMatchObject([{ code: 'SCHOOL_NOT_ALLOWED' }]);
  });

  it('an empty list allows all', () => {
    expect(
      resolve({ schoolCode: '99974' }, { allowedSchoolOrganisationOids: [] }).attributes.schoolCode,
    ).toEqual(['99974']);
  });
});

describe('model versions (MPASSid data model 1.2, 1.3, 1.4)', () => {
  it.each([
    ['1.3', `${P};30076;9F;Oppilas`, true, false],
    ['1.2', `${P};30076;9F;Oppilas`, false, false],
    ['1.4', `${P};30076;9F;Oppilas;1;${S76};`, true, true],
  ] as const)('%s', (modelVersion: ModelVersion, role, hasCharge, hasNickname) => {
    const r = resolve({ class: '9F', learningMaterialsCharge: '1', nickName: 'N' }, { modelVersion });
    expect(r.attributes.role).toEqual([role]);
    expect(r.attributes.learningMaterialsCharge !== undefined).toBe(hasCharge);
    expect(r.attributes.nickname !== undefined).toBe(hasNickname);
    expect(r.attributes.schoolInfo?.some((v) => v.startsWith(S76))).toBe(modelVersion === '1.4');
  });
});
