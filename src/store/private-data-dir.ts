import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';

/*
 * The data folder holds the embedded database (sessions, flows, sealed secrets) and, in development
 * mode, the secret key. Only the account that runs Passi may open it: folders 0700, files 0600, as
 * PostgreSQL requires of its own data directory and OpenSSH of private keys (docs/operations.md,
 * "Files and modes").
 */

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

function refuse(path: string, mode: number, kind: 'folder' | 'file', fixRoot: string): never {
  fail(
    ErrorCodes.DATA_DIR_UNSAFE,
    `the ${kind} ${path} has mode ${octal(mode)}: other users of this machine could read or change ` +
      `Passi's sessions, keys and secrets. Allow only the account that runs Passi, e.g. \`chmod -R go-rwx ${fixRoot}\`, ` +
      'and start again',
    { expose: false, detail: { path, mode: octal(mode) } },
  );
}

/**
 * Creates `dir` (mode 0700) if absent; refuses an existing one that other users can open, naming its path
 * and mode. `fixRoot` is the folder the advice tells the operator to tighten (the data folder).
 */
export function ensurePrivateDir(dir: string, fixRoot: string = dir): string {
  const path = resolve(dir);
  mkdirSync(path, { recursive: true, mode: 0o700 });
  const st = statSync(path);
  if (st.mode & 0o077) refuse(path, st.mode, 'folder', resolve(fixRoot));
  return path;
}

/** Refuses a file (the secret key) that other users can open, naming its path and mode. */
export function checkPrivateFile(file: string, fixRoot: string): void {
  const path = resolve(file);
  const st = statSync(path);
  if (st.mode & 0o077) refuse(path, st.mode, 'file', resolve(fixRoot));
}

/**
 * Removes every group and other permission below `root`. PGlite unpacks its initial database with files
 * of mode 0666 whatever the umask; PostgreSQL itself then creates files 0600 and folders 0700.
 */
export function tightenTree(root: string): void {
  const st = lstatSync(root);
  if (st.isSymbolicLink()) return;
  if (st.mode & 0o077) chmodSync(root, st.mode & 0o700);
  if (st.isDirectory()) for (const name of readdirSync(root)) tightenTree(join(root, name));
}
