/**
 * Makes Passi's changes to installed dependencies (src/ops/dependency-patches.ts); npm runs it after every
 * `npm ci` / `npm install` (package.json "postinstall"). `--check` only reports, with exit code 1 when a
 * change is missing.
 */
import { applyDependencyPatches, missingDependencyPatches } from '../src/ops/dependency-patches.ts';

if (process.argv.includes('--check')) {
  const missing = missingDependencyPatches();
  for (const m of missing) console.log(`NOT applied (${m.state}): ${m.name}`);
  if (missing.length === 0) console.log('every change to installed dependencies is applied');
  process.exitCode = missing.length === 0 ? 0 : 1;
} else {
  for (const name of applyDependencyPatches()) console.log(`applied: ${name}`);
}
