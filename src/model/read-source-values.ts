import type { ResolutionProblem } from '../core/resolved-identity.ts';
import type { RawAttributes } from '../core/upstream-identity.ts';
import type { AttributeMapping, InternalName } from './attribute-mapping.ts';
import { ProblemCodes, problem } from './problem-codes.ts';
import { SEPARATOR, splitMultivalue } from './split-multivalue.ts';

/** Limits (docs/data-model.md "Input limits") on what a school's directory may send. */
export const VALUE_LIMITS = { maxLength: 256, maxValues: 50 } as const;

const SINGLE = ['username', 'firstName', 'surname', 'nickname', 'learnerId'] as const;
const MULTI = ['schoolIds', 'roles', 'groups', 'groupLevels', 'learningMaterialsCharges'] as const;
type SingleName = (typeof SINGLE)[number];
type MultiName = (typeof MULTI)[number];

/** The school's values under internal names: single values, and `;`-split positional lists. */
export type SourceValues = Partial<Record<SingleName, string>> &
  Partial<Record<MultiName, (string | null)[]>>;

// C0/C1 controls and the bidi embedding/override/isolate characters that can disguise text.
const UNSAFE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

export function sanitizeValue(value: string): { value: string; stripped: boolean } {
  const normalised = value.normalize('NFC');
  const cleaned = normalised.replace(UNSAFE, '');
  return { value: cleaned.trim(), stripped: cleaned.length !== normalised.length };
}

export function readSourceValues(
  raw: RawAttributes,
  mapping: AttributeMapping,
  problems: ResolutionProblem[],
): SourceValues {
  const out: SourceValues = {};
  const values = (name: InternalName): string[] | undefined => {
    const list = Object.hasOwn(raw, mapping[name]) ? raw[mapping[name]] : undefined;
    if (!list || list.length === 0) return undefined;
    if (list.length > VALUE_LIMITS.maxValues) {
      problems.push(tooMany(name, list.length));
      return undefined;
    }
    let stripped = false;
    const cleaned = list.map((v) => {
      const s = sanitizeValue(v);
      stripped ||= s.stripped;
      return s.value;
    });
    if (stripped) {
      problems.push(
        problem(
          ProblemCodes.CONTROL_CHARACTERS_REMOVED,
          'warning',
          [name],
          `${name}: control characters removed`,
        ),
      );
    }
    return cleaned;
  };

  for (const name of SINGLE) {
    const list = values(name)?.filter((v) => v !== '');
    const first = list?.[0];
    if (first === undefined) continue;
    if (first.length > VALUE_LIMITS.maxLength) {
      problems.push(tooLong(name));
      continue;
    }
    if (new Set(list).size > 1) {
      problems.push(
        problem(
          ProblemCodes.MULTIPLE_VALUES,
          'warning',
          [name],
          `${name}: several values sent, the first is used`,
        ),
      );
    }
    out[name] = first;
  }

  for (const name of MULTI) {
    // Several SAML AttributeValues and one `;`-joined string mean the same (multivalue rules, https://wiki.eduuni.fi/x/ya-gDQ).
    const joined = values(name)?.join(SEPARATOR);
    if (joined === undefined || joined.trim() === '') continue;
    const parts = splitMultivalue(joined);
    if (parts.length > VALUE_LIMITS.maxValues) {
      problems.push(tooMany(name, parts.length));
      continue;
    }
    if (parts.some((p) => p !== null && p.length > VALUE_LIMITS.maxLength)) {
      problems.push(tooLong(name));
      continue;
    }
    out[name] = parts;
  }
  return out;
}

function tooMany(name: string, count: number): ResolutionProblem {
  return problem(
    ProblemCodes.TOO_MANY_VALUES,
    'dropped',
    [name],
    `${name}: ${count} values, at most ${VALUE_LIMITS.maxValues} are accepted`,
  );
}

function tooLong(name: string): ResolutionProblem {
  return problem(
    ProblemCodes.VALUE_TOO_LONG,
    'dropped',
    [name],
    `${name}: a value is longer than ${VALUE_LIMITS.maxLength} characters`,
  );
}
