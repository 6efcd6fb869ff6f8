import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The tree is the architecture (docs/architecture.md "Rooms"): downstream faces and upstream connectors meet only
 * in core types, and core depends on nothing else. Checked on every test run.
 */
const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g),
    ...text.matchAll(/import\('([^']+)'\)/g),
  ];
  return specs
    .map((m) => m[1] ?? '')
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(SRC, resolve(file, '..', s)));
}

const files = sourceFiles(SRC).map((f) => ({ file: relative(SRC, f), imports: importsOf(f) }));

function violations(from: (file: string) => boolean, forbidden: (target: string) => boolean): string[] {
  return files
    .filter((f) => from(f.file))
    .flatMap((f) => f.imports.filter(forbidden).map((t) => `${f.file} → ${t}`));
}

describe('import boundaries', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('core imports only core', () => {
    expect(
      violations(
        (f) => f.startsWith('core/'),
        (t) => !t.startsWith('core/'),
      ),
    ).toEqual([]);
  });

  it('downstream faces never import upstream connectors, and the reverse', () => {
    expect(
      violations(
        (f) => f.startsWith('downstream/'),
        (t) => t.startsWith('upstream/'),
      ),
    ).toEqual([]);
    expect(
      violations(
        (f) => f.startsWith('upstream/'),
        (t) => t.startsWith('downstream/'),
      ),
    ).toEqual([]);
  });

  it('the data model and the protocol layer stay free of HTTP, faces and connectors', () => {
    const outer = (t: string) =>
      /^(http|downstream|upstream|discovery|admin|cli|test-service)\//.test(t) || t === 'app.ts';
    expect(
      violations(
        (f) => f.startsWith('model/') || f.startsWith('protocols/') || f.startsWith('orgdata/'),
        outer,
      ),
    ).toEqual([]);
  });

  it('only the composition root and the CLI import app.ts', () => {
    expect(
      violations(
        (f) => !f.startsWith('cli/'),
        (t) => t === 'app.ts',
      ),
    ).toEqual([]);
  });
});
