import { ATTRIBUTE_CATALOGUE, type DataName } from '../../model/attribute-catalogue.ts';
import { INTERNAL_NAMES, type InternalName } from '../../model/attribute-mapping.ts';
import { type DataNeed, MISSING_DATA_POLICY, type MissingEffect } from '../../model/missing-data-policy.ts';
import type { ProblemCode } from '../../model/problem-codes.ts';
import type { PersonRegistry } from '../../registry/organisation-schema.ts';
import { defaultMapping } from '../../upstream/index.ts';

/** One field the school's registry must (or should) hold. */
export interface ReadinessItem {
  /** The data model's internal name (docs/data-model.md "Attribute names per upstream type"). */
  internalName: InternalName;
  /** The field, claim or attribute name in this registry: the connector's default mapping. */
  fieldName: string;
  need: DataNeed;
  /** The released attributes it feeds, in catalogue order. */
  feeds: DataName[];
  whenMissing: MissingEffect;
  problem?: ProblemCode;
}

export interface ReadinessChecklist {
  registry: PersonRegistry;
  items: ReadinessItem[];
}

const NEED_ORDER: readonly DataNeed[] = ['required', 'recommended', 'optional'];
const CATALOGUE_ORDER: readonly DataName[] = ATTRIBUTE_CATALOGUE.map((e) => e.name);

/**
 * What a registry must hold for the data model (docs/portal.md "Readiness checklist"): read from the
 * connector table's default mapping and the missing-data policy, never a list of its own, so the checklist
 * changes when a connector's names do. Required fields first, then recommended, then optional.
 */
export function readinessChecklist(registry: PersonRegistry): ReadinessChecklist {
  const mapping = defaultMapping(registry);
  const items = INTERNAL_NAMES.map((internalName): ReadinessItem => {
    const rule = MISSING_DATA_POLICY[internalName];
    return {
      internalName,
      fieldName: mapping[internalName],
      need: rule.need,
      feeds: CATALOGUE_ORDER.filter((name) => rule.feeds.includes(name)),
      whenMissing: rule.effect,
      ...(rule.problem ? { problem: rule.problem } : {}),
    };
  });
  items.sort((a, b) => NEED_ORDER.indexOf(a.need) - NEED_ORDER.indexOf(b.need));
  return { registry, items };
}
