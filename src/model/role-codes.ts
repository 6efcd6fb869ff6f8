/**
 * The role code list (https://wiki.eduuni.fi/display/OPHPALV/MPASSid+ja+oppijanumero): incoming values in fi/sv/en, case-insensitive, map to
 * the transmitted capitalised Finnish text and (model 1.4) the role code. Only these six roles are allowed
 * (ECA `allowedSchoolRoles`); anything else is skipped for that school.
 */
export interface RoleDefinition {
  code: number;
  text: string;
  labels: { fi: string; sv: string; en: string };
  accepted: readonly string[];
  since: '1.1' | '1.2';
}

export const ROLE_CODES: readonly RoleDefinition[] = [
  {
    code: 1,
    text: 'Oppilas',
    labels: { fi: 'Oppija', sv: 'Inlärare', en: 'Learner' },
    accepted: ['opiskelija', 'oppilas', 'student', 'oppija', 'inlärare', 'learner'],
    since: '1.1',
  },
  {
    code: 2,
    text: 'Opettaja',
    labels: { fi: 'Opettaja', sv: 'Lärare', en: 'Teacher' },
    accepted: ['opettaja', 'teacher', 'lärare'],
    since: '1.1',
  },
  {
    code: 3,
    text: 'Hallintohenkilö',
    labels: { fi: 'Hallintohenkilö', sv: 'Hallintohenkilö', en: 'Hallintohenkilö' },
    accepted: ['hallintohenkilö', 'staff'],
    since: '1.2',
  },
  {
    code: 4,
    text: 'Koulusihteeri',
    labels: { fi: 'Koulusihteeri', sv: 'Skolsekreterare', en: 'School secretary' },
    accepted: ['koulusihteeri', 'skolsekreterare', 'school secretary'],
    since: '1.2',
  },
  {
    code: 5,
    text: 'Sijaisopettaja',
    labels: { fi: 'Sijaisopettaja', sv: 'Lärarvikarie', en: 'Substitute teacher' },
    accepted: ['sijaisopettaja', 'lärarvikarie', 'substitute teacher'],
    since: '1.2',
  },
  {
    code: 6,
    text: 'Rehtori',
    labels: { fi: 'Rehtori', sv: 'Rektor', en: 'Principal' },
    accepted: ['rehtori', 'principal', 'rektor'],
    since: '1.2',
  },
];

/** Learning materials charge is produced for these transmitted roles only (ECA `studentRoles`). */
export const STUDENT_ROLE_TEXT = 'Oppilas';

const BY_INPUT: ReadonlyMap<string, RoleDefinition> = new Map(
  ROLE_CODES.flatMap((r) => r.accepted.map((a) => [a, r] as const)),
);

/** Maps an incoming role value; `undefined` for unknown roles. Inner whitespace is collapsed. */
export function mapRole(input: string): RoleDefinition | undefined {
  const key = input.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fi');
  return BY_INPUT.get(key);
}
