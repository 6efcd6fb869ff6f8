import type { Kysely } from 'kysely';
import type { FoundationTables } from './tables/foundation-tables.ts';

/** Every table of the Passi store. Feature folders add their table interfaces here. */
export type Database = FoundationTables;

export type Db = Kysely<Database>;
