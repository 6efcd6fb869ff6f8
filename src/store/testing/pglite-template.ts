import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrateToLatest } from '../migrate.ts';
import { migrations } from '../migrations/index.ts';
import { openStore } from '../open-store.ts';

let cached: Promise<Blob> | undefined;

/**
 * A migrated, empty PGlite data directory for tests. PGlite's initdb costs seconds per instance; loading
 * a dump of an already-migrated one is several times faster. The dump is keyed by the migration list
 * and cached in the OS temp folder, shared by test worker processes (written atomically).
 */
export function migratedTemplate(): Promise<Blob> {
  cached ??= build();
  return cached;
}

async function build(): Promise<Blob> {
  const key = createHash('sha256')
    // Names and bodies: a migration edited before it was released must not reuse a stale template.
    .update(
      Object.entries(migrations)
        .map(([name, m]) => `${name}:${m.up.toString()}`)
        .join(','),
    )
    .update(PGlite.name)
    .digest('hex')
    .slice(0, 16);
  const file = join(tmpdir(), `passi-pglite-template-${key}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const store = await openStore({ dataDir: '', inMemory: true });
  await migrateToLatest(store.db);
  const dump = await store.dumpDataDir();
  await store.close();
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
  renameSync(partial, file);
  return dump;
}
