/**
 * The `;` split rule, exactly as ECA `splitMultivalueAttribute` (github.com/mpassid/shibboleth-idp-attribute-ecadata): positions are
 * kept (`"1D;;"` → `["1D", null, null]`), backslashes removed, parts trimmed, empty parts become `null`.
 */
export const SEPARATOR = ';';

export function splitMultivalue(value: string): (string | null)[] {
  return value.split(SEPARATOR).map((part) => {
    const cleaned = part.replaceAll('\\', '').trim();
    return cleaned === '' ? null : cleaned;
  });
}
