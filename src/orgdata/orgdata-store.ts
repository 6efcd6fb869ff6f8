import type { Organisation } from './organisation.ts';

/** Where refreshed organisation data is kept: the store table, or memory in tests. */
export interface OrgdataStore {
  /** Inserts or replaces records by OID; returns how many were written. */
  upsertMany(organisations: readonly Organisation[]): Promise<number>;
  loadAll(): Promise<Organisation[]>;
  lastRefresh(): Promise<{ at: Date; source: string } | undefined>;
  recordRefresh(source: string, at: Date): Promise<void>;
}

/** An in-memory store for tests and for running without a database. */
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
