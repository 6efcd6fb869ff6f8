import { type Kysely, sql } from 'kysely';

/**
 * A revision per registry entity, raised by every update (src/registry/registry-repository.ts): a portal
 * form carries the revision it was read at, and a save based on an older one is refused instead of
 * silently overwriting someone else's change (optimistic locking, docs/portal.md "Integrations").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE registry_entity ADD COLUMN revision integer NOT NULL DEFAULT 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE registry_entity DROP COLUMN revision`.execute(db);
}
