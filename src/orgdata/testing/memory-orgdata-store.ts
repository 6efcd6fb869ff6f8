import type { Organisation } from '../organisation.ts';
import type { OrgdataStore } from '../orgdata-store.ts';

/** Tests: an in-memory organisation data store. */
export function createMemoryOrgdataStore(): OrgdataStore {
  const rows = new Map<string, Organisation>();
  let state: { at: Date; source: string } | undefined;
  return {
    async upsertMany(organisations) {
      for (const org of organisations) rows.set(org.oid, structuredClone(org));
      return organisations.length;
    },
    async loadAll() {
      return [...rows.values()].map((o) => structuredClone(o));
    },
    async lastRefresh() {
      return state;
    },
    async recordRefresh(source, at) {
      state = { at, source };
    },
  };
}
