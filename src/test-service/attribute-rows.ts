import { ATTRIBUTE_CATALOGUE } from '../model/attribute-catalogue.ts';

export type AttributeStatus = 'ok' | 'empty' | 'error';

export interface AttributeRow {
  name: string;
  samlName: string;
  friendlyName: string;
  oidcClaim: string;
  values: string[];
  status: AttributeStatus;
}

/**
 * One row per data-model attribute with MPASSid's test-service statuses (https://wiki.eduuni.fi/display/OPHPALV/Test+accounts+available+for+testing):
 * OK, empty, or error when a data-model rule dropped or refused it.
 */
export function attributeRows(
  released: Record<string, readonly string[]>,
  problems: readonly { severity: string; attributes: readonly string[] }[],
): AttributeRow[] {
  const flagged = new Set(problems.filter((p) => p.severity !== 'warning').flatMap((p) => p.attributes));
  return ATTRIBUTE_CATALOGUE.map((entry) => {
    const values = [...(released[entry.name] ?? [])];
    const status: AttributeStatus = flagged.has(entry.name) ? 'error' : values.length ? 'ok' : 'empty';
    return {
      name: entry.name,
      samlName: entry.samlName,
      friendlyName: entry.friendlyName,
      oidcClaim: entry.oidcClaim,
      values,
      status,
    };
  });
}
