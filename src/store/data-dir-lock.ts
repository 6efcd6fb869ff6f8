import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';

/*
 * PGlite is one PostgreSQL backend in this process's memory: a second process on the same files keeps
 * its own buffers and WAL position, and whichever writes last silently overwrites the other's
 * acknowledged writes. Like PostgreSQL's postmaster.pid, a lock file names the process that owns the
 * folder; a lock whose process is gone (crash, kill -9, container restart) is taken over.
 */

export const LOCK_FILE = 'embedded-store.lock';

interface Holder {
  pid: number;
  /** Boot id and start time of the process (Linux), so a reused pid is not taken for the holder. */
  identity: string;
}

/** Takes the folder's lock or refuses naming the process that holds it. Returns the release function. */
export function lockDataDir(dir: string): () => void {
  const lock = join(dir, LOCK_FILE);
  const content = `${process.pid}\n${processIdentity(process.pid)}\n${randomBytes(8).toString('hex')}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(lock, content)) return () => release(lock, content);
    const existing = readOrUndefined(lock);
    if (existing === undefined) continue;
    const holder = parseHolder(existing);
    if (holder && isAlive(holder)) {
      fail(
        ErrorCodes.DATA_DIR_IN_USE,
        `the embedded store in ${dir} is in use by process ${holder.pid}: only one Passi process may open ` +
          `it (use PostgreSQL, DATABASE_URL, for several). If no Passi process ${holder.pid} is running, ` +
          `remove ${lock}`,
        { expose: false, detail: { pid: holder.pid, lock } },
      );
    }
    takeOverStale(lock, existing);
  }
  fail(ErrorCodes.DATA_DIR_IN_USE, `could not take the lock ${lock}: it keeps changing`, {
    expose: false,
  });
}

/** Link a complete temporary file into place: atomic, and fails when the lock exists. */
function createExclusive(lock: string, content: string): boolean {
  const temp = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, content, { mode: 0o600 });
  try {
    linkSync(temp, lock);
    return true;
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Moves the stale lock aside (a rename succeeds for one process only), then checks that what was moved is
 * still the stale lock; a fresh lock that another starting process put there in between goes back.
 */
function takeOverStale(lock: string, stale: string): void {
  const aside = `${lock}.${process.pid}.stale`;
  try {
    renameSync(lock, aside);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return;
    throw e;
  }
  try {
    if (readOrUndefined(aside) !== stale) linkSync(aside, lock);
  } catch {
    // Another process holds the lock now; the next attempt sees it.
  } finally {
    rmSync(aside, { force: true });
  }
}

function release(lock: string, content: string): void {
  try {
    if (readFileSync(lock, 'utf8') === content) unlinkSync(lock);
  } catch {
    // Already gone: nothing to release.
  }
}

function parseHolder(text: string): Holder | undefined {
  const [pidLine, identity = ''] = text.split('\n');
  const pid = Number(pidLine);
  return Number.isSafeInteger(pid) && pid > 0 ? { pid, identity } : undefined;
}

function isAlive(holder: Holder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    if (errorCode(e) !== 'EPERM') return false;
  }
  const now = processIdentity(holder.pid);
  return !(holder.identity && now && holder.identity !== now);
}

/** `<boot id>:<start time>` from /proc on Linux; empty where /proc is not available. */
function processIdentity(pid: number): string {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // proc(5): field 22 is starttime; the command name (field 2) may hold spaces, so count after its ')'.
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return started ? `${boot}:${started}` : '';
  } catch {
    return '';
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

function errorCode(e: unknown): unknown {
  return e instanceof Error && 'code' in e ? e.code : undefined;
}
