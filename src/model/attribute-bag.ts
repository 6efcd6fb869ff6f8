import type { ReleasedAttributes } from '../core/resolved-identity.ts';
import type { DataName } from './attribute-catalogue.ts';

/** Collects released values per data name, removing duplicates and keeping first-seen order (docs/data-model.md "Multivalue rules"). */
export interface AttributeBag {
  add(name: DataName, value: string): void;
  toRecord(): ReleasedAttributes;
}

export function createAttributeBag(): AttributeBag {
  const values = new Map<DataName, Set<string>>();
  return {
    add(name, value) {
      let set = values.get(name);
      if (!set) {
        set = new Set();
        values.set(name, set);
      }
      set.add(value);
    },
    toRecord() {
      const out: ReleasedAttributes = {};
      for (const [name, set] of values) out[name] = [...set];
      return out;
    },
  };
}
