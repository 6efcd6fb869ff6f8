// Opens the embedded store in the folder given, answers one query, and returns without closing it: the
// process must still end (pglite-in-worker.test.ts).
import { sql } from 'kysely';
import { openStore } from '../../open-store.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: open-and-leave-open.ts <data dir>');
const store = await openStore({ dataDir: dir });
const { rows } = await sql<{ answer: number }>`select 6 * 7 as answer`.execute(store.db);
console.log(`answer ${rows[0]?.answer}`);
