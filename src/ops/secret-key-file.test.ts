import { chmodSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { ErrorCodes } from '../core/error-codes.ts';
import { isPassiError } from '../core/errors.ts';
import { resolveSecretKey } from './secret-key-file.ts';

const devConfig = (dataDir: string) => loadConfig({ env: { PASSI_DATA_DIR: dataDir } });
const mode = (path: string) => statSync(path).mode & 0o777;

function refusal(dataDir: string) {
  try {
    resolveSecretKey(devConfig(dataDir), () => {});
  } catch (e) {
    if (isPassiError(e)) return e;
    throw e;
  }
  throw new Error('the secret key was used');
}

describe('the development secret key file', () => {
  it('is generated 0600 into a data folder created 0700, then read back', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'passi-key-')), 'data');
    const warnings: string[] = [];
    const key = resolveSecretKey(devConfig(dataDir), (m) => warnings.push(m));
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'secret.key'))).toBe(0o600);
    expect(resolveSecretKey(devConfig(dataDir), () => {})).toEqual(key);
    expect(warnings.join()).toContain('generated a secret key');
  });

  it('is refused when other users can read it, naming the file and its mode', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'passi-key-'));
    resolveSecretKey(devConfig(dataDir), () => {});
    chmodSync(join(dataDir, 'secret.key'), 0o644);
    const e = refusal(dataDir);
    expect(e.code).toBe(ErrorCodes.DATA_DIR_UNSAFE);
    expect(e.message).toContain(join(dataDir, 'secret.key'));
    expect(e.message).toContain('0644');
  });

  it('is not written into a data folder other users can open', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'passi-key-')), 'open');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o777);
    const e = refusal(dataDir);
    expect(e.code).toBe(ErrorCodes.DATA_DIR_UNSAFE);
    expect(e.message).toContain(dataDir);
    expect(e.message).toContain('0777');
    expect(() => statSync(join(dataDir, 'secret.key'))).toThrow();
  });
});
