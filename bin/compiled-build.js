// Where Passi's compiled build lives, and whether it was built from the sources as they are now
// (docs/operations.md "A compiled build"). Plain JavaScript: bin/passi.js decides with it before any
// TypeScript loader is registered, so that a compiled start never loads tsx.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SOURCE_DIR = join(ROOT, 'src');
export const BUILD_DIR = join(ROOT, 'dist');
/** In a build that succeeded: the digest of the sources it was compiled from. */
export const STAMP_NAME = 'BUILT-FROM';

/** SHA-256 over every file under src/: its path and its content, in a fixed order. */
export function sourceDigest(dir = SOURCE_DIR) {
  const hash = createHash('sha256');
  const walk = (at) => {
    const entries = readdirSync(at, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        hash.update(`${relative(dir, path)}\0`);
        hash.update(readFileSync(path));
        hash.update('\0');
      }
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/**
 * The compiled CLI's URL when dist/ holds a build of exactly the current sources, or a build shipped
 * without src/ (an image's last stage may leave the sources out); otherwise undefined, and the sources
 * run through tsx. A build older than an edit, a pull or a checkout is never run.
 */
export function currentBuildEntry(sourceDir = SOURCE_DIR, buildDir = BUILD_DIR) {
  const stamp = join(buildDir, STAMP_NAME);
  if (!existsSync(stamp)) return undefined;
  if (existsSync(sourceDir) && readFileSync(stamp, 'utf8').trim() !== sourceDigest(sourceDir))
    return undefined;
  return pathToFileURL(join(buildDir, 'cli', 'main.js')).href;
}
