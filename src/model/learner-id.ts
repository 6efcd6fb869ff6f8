/**
 * National learner id (oppijanumero) checks (https://wiki.eduuni.fi/display/OPHPALV/MPASSid+ja+oppijanumero). Branch 24 ids are
 * `1.2.246.562.24.` + 10 digits + an IBM 7-3-1 check digit, as OPH's `OIDGenerator.ibmCheck`: weights
 * 7, 3, 1 repeating from the rightmost digit of the 10-digit body, check = (10 − sum mod 10) mod 10.
 * Test branch 98 ids are MPASSid-only and are not checksum-checked.
 */
export const TEST_LEARNER_ID_PREFIX = '1.2.246.562.98.';

const NATIONAL = /^1\.2\.246\.562\.24\.(\d{10})(\d)$/;
const TEST = /^1\.2\.246\.562\.98\.\d{1,20}$/;
const WEIGHTS = [7, 3, 1] as const;

/** IBM 7-3-1 check digit of a digit string. */
export function ibm731CheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, j = 0; i >= 0; i--, j++) {
    sum += Number(body[i]) * (WEIGHTS[j % 3] ?? 1);
  }
  return (10 - (sum % 10)) % 10;
}

export type LearnerIdKind = 'national' | 'test';

/** Classifies a learner id; `undefined` when it is malformed or its check digit is wrong. */
export function classifyLearnerId(value: string): LearnerIdKind | undefined {
  const m = NATIONAL.exec(value);
  if (m) return ibm731CheckDigit(m[1] ?? '') === Number(m[2]) ? 'national' : undefined;
  return TEST.test(value) ? 'test' : undefined;
}

export function isTestLearnerId(value: string): boolean {
  return value.startsWith(TEST_LEARNER_ID_PREFIX);
}
