import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Small, exact changes to installed dependencies, made after every `npm ci` / `npm install` by
 * scripts/patch-dependencies.ts (package.json "postinstall"), each with its reason in docs/performance.md
 * "Requests kept until a full collection". Each names the exact text it replaces: when an installed file
 * holds neither that text nor the change (the dependency was upgraded), the install fails, so the change
 * is looked at again rather than silently dropped. An install with `--ignore-scripts` leaves them out;
 * Passi then says so in its log at start (docs/operations.md "Changes to installed dependencies").
 */
export interface DependencyPatch {
  /** What the change is for, in the install's and the start's log. */
  name: string;
  /** The installed file. */
  file: () => string;
  original: string;
  changed: string;
}

export type PatchState = 'original' | 'changed' | 'unknown';
type MissingPatch = { name: string; state: Exclude<PatchState, 'changed'> };

const requireHere = createRequire(import.meta.url);

export const DEPENDENCY_PATCHES: readonly DependencyPatch[] = [
  {
    name: "oidc-provider: each request's ctx.oidc as a data property, not a getter",
    // The package exports only its entry point (lib/index.js); the file sits beside it.
    file: () => join(dirname(requireHere.resolve('oidc-provider')), 'helpers', 'initialize_app.js'),
    original: `  const ensureOIDC = async (ctx, next) => {
    let oidcCtx;
    Object.defineProperty(ctx, 'oidc', {
      get: () => {
        oidcCtx ||= new this.OIDCContext(ctx);
        return oidcCtx;
      },
    });
    return als.run(ctx, () => next());
  };`,
    changed: `  const ensureOIDC = async (ctx, next) => {
    // Passi (scripts/patch-dependencies.ts): a data property. An accessor defined on each request's context
    // kept the context, and all it reaches, alive through V8's young-generation collections.
    Object.defineProperty(ctx, 'oidc', { value: new this.OIDCContext(ctx) });
    return als.run(ctx, () => next());
  };`,
  },
];

export function patchState(text: string, patch: DependencyPatch): PatchState {
  const count = (needle: string) => text.split(needle).length - 1;
  if (count(patch.changed) === 1 && count(patch.original) === 0) return 'changed';
  if (count(patch.original) === 1 && count(patch.changed) === 0) return 'original';
  return 'unknown';
}

/** The file's text with the change made; the same text when it is made already; throws when neither. */
export function applyPatch(text: string, patch: DependencyPatch): string {
  const state = patchState(text, patch);
  if (state === 'changed') return text;
  // A function replacement: `$&` and the like in the changed text stay as written.
  if (state === 'original') return text.replace(patch.original, () => patch.changed);
  throw new Error(
    `${patch.name}: the installed file holds neither the expected text nor the change (was the dependency upgraded?); see src/ops/dependency-patches.ts`,
  );
}

/** Makes every change in the installed files; throws (and writes nothing more) at the first it cannot make. */
export function applyDependencyPatches(patches = DEPENDENCY_PATCHES): string[] {
  return patches.map((patch) => {
    const file = patch.file();
    const text = readFileSync(file, 'utf8');
    const next = applyPatch(text, patch);
    if (next !== text) writeFileSync(file, next);
    return patch.name;
  });
}

/** The changes not in the installed files, with what is there instead. */
export function missingDependencyPatches(patches = DEPENDENCY_PATCHES): MissingPatch[] {
  const missing: MissingPatch[] = [];
  for (const patch of patches) {
    const state = patchState(readFileSync(patch.file(), 'utf8'), patch);
    if (state !== 'changed') missing.push({ name: patch.name, state });
  }
  return missing;
}

/**
 * One warning line per change not in the installed files, at start: logins work without them, but an
 * operator should know the install skipped them (docs/operations.md "Changes to installed dependencies").
 */
export function warnOfMissingDependencyPatches(
  log: { warn(fields: Record<string, unknown>, message: string): void },
  patches = DEPENDENCY_PATCHES,
): void {
  try {
    for (const m of missingDependencyPatches(patches))
      log.warn(
        { change: m.name, installed: m.state },
        "an installed dependency lacks Passi's change (was npm ci run with --ignore-scripts?); node bin/run-ts.js scripts/patch-dependencies.ts makes it",
      );
  } catch (err) {
    log.warn({ err }, "the installed dependencies could not be checked for Passi's changes");
  }
}
