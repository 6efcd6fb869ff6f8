import type { Db } from './database.ts';
import { openEmbedded } from './open-embedded-store.ts';
import { DEFAULT_POSTGRES_TUNING, openPostgres, type PostgresTuning } from './open-postgres-store.ts';

export interface StoreOptions {
  /** PostgreSQL URL; when absent the embedded PGlite store in `dataDir` is used. */
  databaseUrl?: string;
  dataDir: string;
  /** Embedded store kept in memory only (tests). */
  inMemory?: boolean;
  /** Start the in-memory embedded store from this data-dir dump (tests: a migrated template). */
  loadDataDir?: Blob;
  poolSize?: number;
  /**
   * Embedded store on a data folder only: called if its worker thread stops while the store is open. Every
   * later query fails as "store unavailable"; nothing brings it back but a restart (docs/operations.md).
   */
  onEmbeddedStopped?: (reason: Error) => void;
  /** PostgreSQL only: timeouts and connection-error reporting (defaults: DEFAULT_POSTGRES_TUNING). */
  postgres?: Partial<PostgresTuning>;
}

export interface Store {
  db: Db;
  kind: 'postgresql' | 'embedded';
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** Embedded store only: a dump of the data dir (tests build a migrated template from it). */
  dumpDataDir(): Promise<Blob>;
  /**
   * Notifications on `channel` (PostgreSQL LISTEN), from every process that writes to the store, this one
   * included. `onState(true)` once listening, `onState(false)` while the connection is down (the caller must
   * then not trust its caches). The embedded store's only writer is this process: it listens at once, and
   * its own notifications arrive right after the statement that sent them.
   */
  listen(
    channel: string,
    onNotify: () => void,
    onState: (listening: boolean) => void,
  ): Promise<() => Promise<void>>;
}

/**
 * Opens the store. Both modes use Kysely's PostgresDialect over `pg`, so one SQL dialect and one set of
 * migrations serve both (docs/operations.md): the embedded mode runs PGlite inside this process
 * and hands `pg` an in-process connection to it, with no network listener (open-embedded-store.ts).
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl)
    return openPostgres(options.databaseUrl, {
      ...DEFAULT_POSTGRES_TUNING,
      ...options.postgres,
      poolSize: options.poolSize ?? DEFAULT_POSTGRES_TUNING.poolSize,
    });
  return openEmbedded(options);
}
