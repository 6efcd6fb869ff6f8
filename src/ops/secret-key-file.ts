import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PassiConfig } from '../config/config-schema.ts';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';
import { checkPrivateFile, ensurePrivateDir } from '../store/private-data-dir.ts';
import { decodeSecretKey } from '../store/secret-box.ts';

/**
 * PASSI_SECRET_KEY, or in development mode a key generated into `<dataDir>/secret.key` on first start.
 * Production without the key never starts (load-config.ts refuses it). The file is 0600 in a
 * 0700 folder; a key file or folder that other users can open is refused (docs/operations.md).
 */
export function resolveSecretKey(config: PassiConfig, warn: (message: string) => void): Buffer {
  if (config.secretKey) return decodeSecretKey(config.secretKey);
  if (config.mode === 'production') {
    fail(ErrorCodes.SECRET_KEY_MISSING, 'PASSI_SECRET_KEY is required in production mode');
  }
  const dataDir = ensurePrivateDir(config.dataDir);
  const file = join(dataDir, 'secret.key');
  if (createOnce(file)) {
    warn(
      `DEVELOPMENT MODE: generated a secret key into ${file}. Secrets at rest are only as safe as that file. ` +
        'Set PASSI_SECRET_KEY (32 random bytes, base64) and PASSI_MODE=production for real use.',
    );
  } else {
    checkPrivateFile(file, dataDir);
    warn(`DEVELOPMENT MODE: using the secret key in ${file}; set PASSI_SECRET_KEY for production.`);
  }
  return decodeSecretKey(readFileSync(file, 'utf8').trim());
}

/**
 * Writes a new key unless the file exists. The key is written to a temporary file and linked into place,
 * so of several processes starting at once one key wins and no one reads a half-written file.
 */
function createOnce(file: string): boolean {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  try {
    linkSync(temp, file);
    return true;
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(temp, { force: true });
  }
}
