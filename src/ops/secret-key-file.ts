import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PassiConfig } from '../config/config-schema.ts';
import { ErrorCodes } from '../core/error-codes.ts';
import { PassiError } from '../core/errors.ts';
import { decodeSecretKey } from '../store/secret-box.ts';

/**
 * PASSI_SECRET_KEY, or in development mode a key generated into `<dataDir>/secret.key` on first start
 * (issue 2 §3). Production without the key never starts (load-config.ts refuses it).
 */
export function resolveSecretKey(config: PassiConfig, warn: (message: string) => void): Buffer {
  if (config.secretKey) return decodeSecretKey(config.secretKey);
  if (config.mode === 'production') {
    throw new PassiError(ErrorCodes.SECRET_KEY_MISSING, 'PASSI_SECRET_KEY is required in production mode');
  }
  const file = join(config.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    warn(
      `DEVELOPMENT MODE: generated a secret key into ${file}. Secrets at rest are only as safe as that file. ` +
        'Set PASSI_SECRET_KEY (32 random bytes, base64) and PASSI_MODE=production for real use.',
    );
  } else {
    warn(`DEVELOPMENT MODE: using the secret key in ${file}; set PASSI_SECRET_KEY for production.`);
  }
  return decodeSecretKey(readFileSync(file, 'utf8').trim());
}
