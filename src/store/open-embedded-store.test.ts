import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/error-codes.ts';
import { openStore, type Store } from './open-store.ts';

/** Inodes of the TCP sockets this process listens on (Linux /proc: `st` 0A is LISTEN). */
function listeningTcpSockets(): string[] {
  const own = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m?.[1]) own.add(m[1]);
    } catch {
      // the fd closed while we looked
    }
  }
  const listening: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const inode = cols[9];
      if (cols[3] === '0A' && inode && own.has(inode)) listening.push(`${cols[1]} ${inode}`);
    }
  }
  return listening.sort();
}

function modes(root: string): { dirs: Map<string, number>; files: Map<string, number> } {
  const dirs = new Map<string, number>();
  const files = new Map<string, number>();
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      dirs.set(p, st.mode & 0o777);
      for (const name of readdirSync(p)) walk(join(p, name));
    } else files.set(p, st.mode & 0o777);
  };
  walk(root);
  return { dirs, files };
}

const octal = (m: number) => m.toString(8).padStart(4, '0');
const tempRoot = () => mkdtempSync(join(tmpdir(), 'passi-embedded-'));

async function openRefusal(dataDir: string) {
  let store: Store | undefined;
  try {
    store = await openStore({ dataDir });
  } catch (e) {
    return e as Error & { code?: string };
  } finally {
    await store?.close();
  }
  throw new Error(`the store in ${dataDir} opened`);
}

describe('the embedded store on disk', () => {
  const dataDir = join(tempRoot(), 'data');

  it('runs in this process without a TCP listener, in a private folder, with pg type parsing', async () => {
    const before = listeningTcpSockets();
    const store = await openStore({ dataDir });
    try {
      expect(listeningTcpSockets()).toEqual(before);
      const row = (
        await sql<{
          at: unknown;
          big: unknown;
          doc: unknown;
          bytes: unknown;
          n: unknown;
        }>`select timestamptz '2026-01-02T03:04:05Z' as at, 9007199254740993::int8 as big,
              '{"a":[1]}'::jsonb as doc, '\\x0102'::bytea as bytes, 7::int4 as n`.execute(store.db)
      ).rows[0];
      // Every query in Passi was written against the `pg` driver's parsing: keep it in both modes.
      expect(row?.at).toEqual(new Date('2026-01-02T03:04:05Z'));
      expect(row?.big).toBe('9007199254740993');
      expect(row?.doc).toEqual({ a: [1] });
      expect(row?.bytes).toEqual(Buffer.from([1, 2]));
      expect(row?.n).toBe(7);
    } finally {
      await store.close();
    }
    const { dirs, files } = modes(dataDir);
    expect(files.size).toBeGreaterThan(10);
    const openDirs = [...dirs].filter(([, m]) => m !== 0o700).map(([p, m]) => `${p} ${octal(m)}`);
    const openFiles = [...files].filter(([, m]) => m & 0o077).map(([p, m]) => `${p} ${octal(m)}`);
    expect(openDirs).toEqual([]);
    expect(openFiles).toEqual([]);
  });

  it('starts a new WAL segment without first writing it full of zeros, which stalls every statement', async () => {
    const ownDir = join(tempRoot(), 'data');
    const store = await openStore({ dataDir: ownDir });
    try {
      await sql`create table wal_probe (n int)`.execute(store.db);
      await sql`select pg_switch_wal()`.execute(store.db);
      // The next WAL record goes to a segment created for it now.
      await sql`insert into wal_probe values (1)`.execute(store.db);
      const name = (
        await sql<{ name: string }>`select pg_walfile_name(pg_current_wal_insert_lsn()) as name`.execute(
          store.db,
        )
      ).rows[0]?.name;
      const segment = statSync(join(ownDir, 'pglite', 'pg_wal', String(name)));
      expect(segment.size).toBe(16 * 1024 * 1024);
      // Zero-filled, all 16 MB would be allocated; without, only the pages written so far.
      expect(segment.blocks * 512).toBeLessThan(1024 * 1024);
    } finally {
      await store.close();
    }
  });

  it('refuses a second store on the folder while the first is open, naming its process', async () => {
    const first = await openStore({ dataDir });
    try {
      const refusal = await openRefusal(dataDir);
      expect(refusal.code).toBe(ErrorCodes.DATA_DIR_IN_USE);
      expect(refusal.message).toContain(`process ${process.pid}`);
    } finally {
      await first.close();
    }
    // Closing releases the folder.
    const again = await openStore({ dataDir });
    await again.close();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(join(dataDir, 'embedded-store.lock'), `${gone.stdout}\n`, { mode: 0o600 });
    const store = await openStore({ dataDir });
    try {
      expect(await store.ping()).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('takes over a lock naming a live pid that belonged to an earlier process (container restart)', async () => {
    // After a restart, a container's Passi often runs under the same pid as the one that was killed: the
    // lock records the process's boot id and start time, which differ.
    writeFileSync(join(dataDir, 'embedded-store.lock'), `${process.pid}\nearlier-boot:1\n`, { mode: 0o600 });
    const store = await openStore({ dataDir });
    try {
      expect(await store.ping()).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('refuses a data folder other users can open, naming the path, its mode and the fix', async () => {
    const open = join(tempRoot(), 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const refusal = await openRefusal(open);
    expect(refusal.code).toBe(ErrorCodes.DATA_DIR_UNSAFE);
    expect(refusal.message).toContain(open);
    expect(refusal.message).toContain('0777');
    expect(refusal.message).toContain(`chmod -R go-rwx ${open}`);
  });

  it('refuses a database folder other users can read inside a private data folder', async () => {
    const root = join(tempRoot(), 'inner');
    mkdirSync(join(root, 'pglite'), { recursive: true, mode: 0o700 });
    chmodSync(join(root, 'pglite'), 0o755);
    const refusal = await openRefusal(root);
    expect(refusal.code).toBe(ErrorCodes.DATA_DIR_UNSAFE);
    expect(refusal.message).toContain(join(root, 'pglite'));
    expect(refusal.message).toContain('0755');
  });
});
