import type { Organisation } from './organisation.ts';

/** Where refreshed organisation data is kept: the store table (tests: testing/memory-orgdata-store.ts). */
export interface OrgdataStore {
  /** Inserts or replaces records by OID; returns how many were written. */
  upsertMany(organisations: readonly Organisation[]): Promise<number>;
  loadAll(): Promise<Organisation[]>;
  lastRefresh(): Promise<{ at: Date; source: string } | undefined>;
  recordRefresh(source: string, at: Date): Promise<void>;
}
