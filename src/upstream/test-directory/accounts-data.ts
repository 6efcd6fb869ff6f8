/**
 * MPASSid's public test accounts, data model 1.4 (https://wiki.eduuni.fi/display/OPHPALV/Test+accounts+available+for+testing), as the RAW attributes a school
 * directory would send through ADFS: the ADFS default names of docs/data-model.md, multi values as one `;`-separated string.
 * Everything the data model does (uid, schoolInfo, role…) is left to the resolver.
 *
 * Organisations: Mansikkala test school 30076 (1.2.246.562.99.00000000002), and synthetic Passi schools
 * from the bundled snapshot: 99977 upper secondary, 99978 vocational institution with office
 * 1.2.246.562.99.00000000005, 99974 under another education provider. 99979 is deliberately unknown.
 * Learner ids use the test branch 1.2.246.562.98.*, except demo_u0030's, which is invalid on purpose.
 */
export interface TestAccountFields {
  firstName?: string;
  surname?: string;
  nickName?: string;
  learnerId?: string;
  schoolCode?: string;
  userRole?: string;
  class?: string;
  classLevel?: string;
  learningMaterialsCharge?: string;
}

export interface TestAccountRecord {
  username: string;
  quirk: string;
  fields: TestAccountFields;
}

const OFFICE_OID = '1.2.246.562.99.00000000005';
const FIELD_KEYS = [
  'firstName',
  'surname',
  'nickName',
  'learnerId',
  'schoolCode',
  'userRole',
  'class',
  'classLevel',
  'learningMaterialsCharge',
] as const satisfies readonly (keyof TestAccountFields)[];
type Override = { [K in keyof TestAccountFields]?: string | null };

function account(n: number, quirk: string, override: Override = {}, teacher = false): TestAccountRecord {
  const base: TestAccountFields = {
    firstName: `Testi${n}`,
    surname: teacher ? `Opettaja${n}` : `Oppilas${n}`,
    nickName: `Kutsumanimi${n}`,
    learnerId: `1.2.246.562.98.${10000000000 + n}`,
    schoolCode: '30076',
    userRole: teacher ? 'Opettaja' : 'Oppilas',
    class: teacher ? undefined : '9F',
    classLevel: teacher ? undefined : '9',
    // Even-numbered usernames → 0 (free), odd → 1 (paid).
    learningMaterialsCharge: String(n % 2),
  };
  const fields: TestAccountFields = {};
  for (const key of FIELD_KEYS) {
    const value = key in override ? override[key] : base[key];
    if (value !== null && value !== undefined) fields[key] = value;
  }
  return { username: `demo_u${String(n).padStart(4, '0')}`, quirk, fields };
}

const SCANDINAVIAN = [
  'Åkerblöm',
  'Äijälä',
  'Öhman',
  'Ståhlberg',
  'Järvå',
  'Ödegård',
  'Sjöström',
  'Ärlig',
  'Kärnä',
  'Åström',
];

export const TEST_ACCOUNTS: readonly TestAccountRecord[] = [
  account(1, 'regular'),
  account(2, 'regular'),
  account(3, 'school code is a vocational office (given as its OID)', {
    schoolCode: OFFICE_OID,
    class: 'TVP1',
    classLevel: null,
  }),
  ...[4, 5, 6, 7, 8, 9].map((n) => account(n, 'regular')),
  ...SCANDINAVIAN.map((name, i) =>
    // demo_u0011 sends its surname in decomposed (NFD) form; Passi releases NFC.
    account(10 + i, 'Scandinavian characters in surname', {
      surname: i === 1 ? `${name}${10 + i}`.normalize('NFD') : `${name}${10 + i}`,
    }),
  ),
  account(20, 'missing school code', { schoolCode: null }),
  account(21, 'unresolvable school code', { schoolCode: '99979' }),
  account(22, 'missing learner id', { learnerId: null }),
  account(23, 'missing role', { userRole: null }),
  account(24, 'no class level', { classLevel: null }),
  account(25, 'no class', { class: null }),
  account(26, 'regular'),
  account(27, 'missing learningMaterialsCharges', { learningMaterialsCharge: null }),
  account(28, 'missing nickname', { nickName: null }),
  account(29, 'missing given name', { firstName: null }),
  account(30, 'incorrect learner id', { learnerId: '1.2.246.562.24.10000000010' }),
  account(31, 'two schools incl. a vocational office', {
    schoolCode: `30076;${OFFICE_OID}`,
    class: '9F;TVP1',
  }),
  account(32, 'two schools, a role and a class per school', {
    schoolCode: '30076;99977',
    userRole: 'Oppilas;Oppilas',
    class: '9F;L1A',
  }),
  account(33, 'two schools, one role and one class (class → first school)', {
    schoolCode: '30076;99977',
    userRole: 'student',
    class: '9F',
  }),
  account(34, 'two schools as OIDs, no class', {
    schoolCode: '1.2.246.562.99.00000000002;1.2.246.562.99.00000000003',
    class: null,
    classLevel: null,
  }),
  account(35, 'three schools with empty class positions', {
    schoolCode: '30076;99977;99978',
    userRole: 'Oppilas;Oppilas;Oppilas',
    class: '9F;;',
  }),
  account(36, 'two schools, student in one and teacher in the other', {
    schoolCode: '30076;99977',
    userRole: 'Oppilas;Opettaja',
    class: '9F;',
  }),
  account(37, 'two schools, English role names', {
    schoolCode: '30076;99977',
    userRole: 'Learner;STUDENT',
  }),
  account(38, 'two schools of two education providers', { schoolCode: '30076;99974' }),
  account(39, 'two schools, a charge per school', {
    schoolCode: '30076;99977',
    learningMaterialsCharge: '1;1',
  }),
  account(40, 'teacher', {}, true),
  account(41, 'teacher in two schools, one role', { schoolCode: '30076;99977' }, true),
  account(
    42,
    'Swedish role names, teacher and principal',
    { schoolCode: '30076;99977', userRole: 'lärare;Rektor' },
    true,
  ),
  account(43, 'school code as vocational institution', { schoolCode: '99978' }, true),
  account(44, 'substitute teacher', { userRole: 'Substitute Teacher' }, true),
  account(45, 'school secretary', { userRole: 'koulusihteeri' }, true),
];
