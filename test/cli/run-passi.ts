import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The environment of a fresh embedded-store Passi for CLI tests (its own data dir and secret key). */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PASSI_DATA_DIR: mkdtempSync(join(tmpdir(), 'passi-cli-')),
    PASSI_SECRET_KEY: randomBytes(32).toString('base64'),
    PASSI_SIGNING_KEY_TYPE: 'rsa-2048',
    DATABASE_URL: '',
    ...extra,
  };
}

/** Runs `passi …` as a separate process, as a person would. */
export function runPassi(env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/passi.js', ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
