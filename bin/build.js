#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ with tsc (tsconfig.build.json), copies the files that are not
// TypeScript beside it (stylesheets, browser scripts, data), and stamps the build with the digest of the
// sources it came from; bin/passi.js runs dist/ only while that digest still holds
// (docs/operations.md "A compiled build").
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { BUILD_DIR, SOURCE_DIR, STAMP_NAME, sourceDigest } from './compiled-build.js';

// Read before tsc starts: sources changed while it runs give a build whose stamp does not match them.
const digest = sourceDigest();
// Built beside dist/ (the same depth, so the build's paths to ../demo hold) and swapped in whole: a
// process starting meanwhile finds the previous build or none, never half of one.
const staging = `${BUILD_DIR}-staging-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
try {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const project = join(SOURCE_DIR, '..', 'tsconfig.build.json');
  execFileSync(process.execPath, [tsc, '-p', project, '--outDir', staging], { stdio: 'inherit' });
  const copyAssets = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      // Test helpers (testing/ folders) are not part of a build.
      if (entry.isDirectory()) {
        if (entry.name !== 'testing') copyAssets(path);
      } else if (entry.isFile() && !/\.tsx?$/.test(entry.name)) {
        const target = join(staging, relative(SOURCE_DIR, path));
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(path, target);
      }
    }
  };
  copyAssets(SOURCE_DIR);
  writeFileSync(join(staging, STAMP_NAME), `${digest}\n`);
  // Two renames, not a removal of the old build (which takes a while, its files vanishing one by one under
  // a node that is still loading modules from it): the old build is moved aside whole, then deleted.
  const previous = `${BUILD_DIR}-previous-${process.pid}`;
  if (existsSync(BUILD_DIR)) renameSync(BUILD_DIR, previous);
  renameSync(staging, BUILD_DIR);
  rmSync(previous, { recursive: true, force: true });
} catch (e) {
  rmSync(staging, { recursive: true, force: true });
  console.error(`passi build: failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
console.log(`passi build: dist/ compiled from sources ${digest.slice(0, 12)}`);
