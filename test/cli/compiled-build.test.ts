import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { freePort } from '../support/free-port.ts';
import { waitForReady } from '../support/wait-for-ready.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

/** Runs a line of JavaScript against bin/compiled-build.js, as bin/passi.js uses it, and gives its output. */
function withBuildModule(body: string, ...args: string[]): string {
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import * as build from './bin/compiled-build.js'; const args = ${JSON.stringify(args)}; ${body}`,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

/**
 * docs/operations.md "A compiled build": `npm run build` compiles the sources to dist/, and bin/passi.js
 * runs that build only while it is a build of exactly the current sources.
 */
describe('the compiled build', () => {
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  const output: string[] = [];

  beforeAll(async () => {
    const r = spawnSync(process.execPath, ['bin/build.js'], { encoding: 'utf8', timeout: 240_000 });
    if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
    // `passi start` on the demo data, as a person would after the build.
    const port = await freePort();
    baseUrl = `http://localhost:${port}`;
    const started = spawn(process.execPath, ['bin/passi.js', 'start'], {
      env: {
        ...process.env,
        PASSI_PORT: String(port),
        PASSI_PUBLIC_URL: baseUrl,
        PASSI_DATA_DIR: mkdtempSync(join(tmpdir(), 'passi-built-')),
        PASSI_SIGNING_KEY_TYPE: 'rsa-2048',
        PASSI_LOG_LEVEL: 'info',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = started;
    started.stdout.on('data', (d) => output.push(String(d)));
    started.stderr.on('data', (d) => output.push(String(d)));
    await waitForReady(baseUrl, started, output);
    if (chromiumAvailable) browser = await launchChromium();
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('is stamped with the digest of the current sources, so bin/passi.js chooses it', () => {
    expect(withBuildModule('console.log(build.currentBuildEntry() ?? "none")')).toMatch(
      /\/dist\/cli\/main\.js$/,
    );
  });

  it('is stale after any change to the sources: an edit, a new file, a rename', () => {
    const sources = mkdtempSync(join(tmpdir(), 'passi-sources-'));
    const build = mkdtempSync(join(tmpdir(), 'passi-build-'));
    cpSync('src/cli', sources, { recursive: true });
    const digest = () => withBuildModule('console.log(build.sourceDigest(args[0]))', sources);
    const entry = () =>
      withBuildModule('console.log(build.currentBuildEntry(args[0], args[1]) ?? "stale")', sources, build);
    writeFileSync(join(build, 'BUILT-FROM'), `${digest()}\n`);
    expect(entry()).toBe(`file://${join(build, 'cli', 'main.js')}`);
    const first = digest();
    writeFileSync(join(sources, 'main.ts'), '// edited\n', { flag: 'a' });
    const edited = digest();
    expect(edited).not.toBe(first);
    expect(entry()).toBe('stale');
    writeFileSync(join(sources, 'new.ts'), 'export {};\n');
    const added = digest();
    expect(added).not.toBe(edited);
    renameSync(join(sources, 'new.ts'), join(sources, 'renamed.ts'));
    expect(digest()).not.toBe(added);
  });

  it('runs when shipped without its sources, and never without its stamp', () => {
    const build = mkdtempSync(join(tmpdir(), 'passi-build-'));
    const noSources = join(build, 'no-such-folder');
    const entry = () =>
      withBuildModule('console.log(build.currentBuildEntry(args[0], args[1]) ?? "none")', noSources, build);
    expect(entry()).toBe('none');
    writeFileSync(join(build, 'BUILT-FROM'), 'a digest of sources that are not here\n');
    expect(entry()).toBe(`file://${join(build, 'cli', 'main.js')}`);
  });

  it('`passi start` runs the compiled code, not the sources through tsx', () => {
    const line = output
      .join('')
      .split('\n')
      .find((l) => l.includes('"msg":"Passi code"'));
    expect(line).toContain('"code":"dist"');
  });

  it.skipIf(!chromiumAvailable)(
    'logs demo_u0001 in to the attribute test service over SAML and over OpenID Connect, in Chromium',
    async () => {
      if (!browser) throw new Error('no browser');
      const page = await browser.newPage();
      for (const [button, landing] of [
        ['Log in (SAML)', '/test-service/saml/acs'],
        ['Log in (OpenID Connect)', '/test-service/oidc/callback'],
      ] as const) {
        await page.context().clearCookies();
        await page.goto(`${baseUrl}/test-service/?lang=en`);
        await page.getByRole('button', { name: button }).click();
        await page.getByLabel('Username').fill('demo_u0001');
        await page.getByLabel('Password').fill('demo_u0001pwd');
        await page.getByRole('button', { name: 'Log in', exact: true }).click();
        await page.waitForURL((url) => url.pathname === landing);
        await expect(
          page.locator('#released tr[data-attribute="schoolInfo"]').textContent(),
        ).resolves.toContain('30076;Mansikkalan testi peruskoulu');
      }
    },
  );
});
