/**
 * Finnish business id (Y-tunnus) check: seven digits, a hyphen and a check digit. Weights 7,9,10,5,8,4,2;
 * remainder 0 → check 0, remainder 1 → no valid id, otherwise 11 − remainder (Finnish Tax Administration).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2];

export function isValidBusinessId(value: string): boolean {
  const match = /^(\d{7})-(\d)$/.exec(value);
  if (!match?.[1] || !match[2]) return false;
  const digits = match[1];
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(digits[i]) * (WEIGHTS[i] ?? 0);
  const remainder = sum % 11;
  if (remainder === 1) return false;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check === Number(match[2]);
}
