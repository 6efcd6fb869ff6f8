/** The label value for anything not in the known set: the set of label values stays bounded. */
export const OTHER = 'other';
/** The label value when there is no id (a login that ended before a school was chosen). */
export const NONE = 'none';

/**
 * A label value from an id only if the registry knows it; any other value (an unknown service asking,
 * an integration removed since) is folded into "other", so a label has at most known + 2 values
 * (docs/operations.md "Metrics").
 */
export function boundedLabel(
  id: string | undefined,
  known: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): string {
  if (id === undefined || id === '') return NONE;
  return known.has(id) ? id : OTHER;
}
