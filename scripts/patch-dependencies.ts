/**
 * Small, exact changes to installed dependencies, made after every `npm ci` / `npm install` (package.json
 * "postinstall"). Each change names the exact text it replaces and why (docs/performance.md "Contexts kept
 * by an accessor"). When an installed file holds neither the original text nor the changed one (the
 * dependency was upgraded), the install fails: the change is looked at again, never silently dropped.
 *
 * `node bin/run-ts.js scripts/patch-dependencies.ts` applies them; `--check` only reports (exit 1 when one is
 * missing).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DependencyPatch {
  /** What the change is for, in the install's log. */
  name: string;
  /** The installed file, from its package's entry point. */
  file: () => string;
  original: string;
  changed: string;
}

export type PatchState = 'original' | 'changed' | 'unknown';

const requireHere = createRequire(import.meta.url);

export const PATCHES: readonly DependencyPatch[] = [
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
  if (state === 'original') return text.replace(patch.original, () => patch.changed);
  throw new Error(
    `${patch.name}: the installed file holds neither the expected text nor the change (was the dependency upgraded?); see scripts/patch-dependencies.ts`,
  );
}

function main(check: boolean): number {
  let missing = 0;
  for (const patch of PATCHES) {
    const file = patch.file();
    const text = readFileSync(file, 'utf8');
    if (check) {
      const state = patchState(text, patch);
      if (state !== 'changed') missing++;
      console.log(`${state === 'changed' ? 'applied' : `NOT applied (${state})`}: ${patch.name}`);
      continue;
    }
    const next = applyPatch(text, patch);
    if (next !== text) writeFileSync(file, next);
    console.log(`applied: ${patch.name}`);
  }
  return missing === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = main(process.argv.includes('--check'));
}
