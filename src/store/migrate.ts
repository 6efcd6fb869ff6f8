import { Migrator, sql } from 'kysely';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';
import type { Db } from './database.ts';
import { migrations } from './migrations/index.ts';

export interface MigrationReport {
  applied: string[];
  current: string[];
}

/**
 * Applies pending migrations. Kysely's Migrator takes a PostgreSQL session advisory lock and runs them in
 * one transaction, so several nodes starting at once serialise and all succeed; it creates its own tables
 * tolerating a concurrent creator.
 */
export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  // Kysely looks its tables up by name in any schema unless told which: pin the connection's own schema so
  // several Passi installations (or test schemas) in one database never see each other's lock table.
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]
    ?.schema;
  const migrator = new Migrator({
    db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'passi_migration',
    migrationLockTableName: 'passi_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    fail(ErrorCodes.STORE_UNREACHABLE, `migration ${failed ?? ''} failed: ${String(error)}`, {
      cause: error,
    });
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const current = (await migrator.getMigrations()).filter((m) => m.executedAt).map((m) => m.name);
  return { applied, current };
}

/** True when every known migration has been applied (used by /readyz). */
export async function migrationsComplete(db: Db): Promise<boolean> {
  try {
    const rows = await sql<{ name: string }>`select name from passi_migration`.execute(db);
    const done = new Set(rows.rows.map((r) => r.name));
    return Object.keys(migrations).every((name) => done.has(name));
  } catch {
    return false;
  }
}
