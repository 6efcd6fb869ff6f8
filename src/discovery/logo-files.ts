import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';
import { ErrorCodes } from '../core/error-codes.ts';
import { ensure, fail } from '../core/errors.ts';

export const LOGO_PATH = '/discovery/logos';

// The registry's logo name rule (integration-schema.ts, service-schema.ts): no dots or slashes to escape.
const LOGO_FILE = /^[a-z0-9-]{1,100}\.(png|svg|jpg)$/;
const TYPES: Record<string, string> = { png: 'image/png', svg: 'image/svg+xml', jpg: 'image/jpeg' };
const EXISTS_TTL_MS = 60_000;
const UPLOADED_LOGO = /^[0-9a-f]{64}\.(png|jpg|webp)$/;

/**
 * Logos are files uploaded to Passi and served by Passi (never hot-linked, so a school's
 * page cannot track who looks at the list and CSP `img-src 'self'` holds). A logo is shown only when its
 * file exists; existence is cached for a minute so rendering a long list does not stat every time.
 */
export function createLogoFiles(dir: () => string | undefined) {
  const seen = new Map<string, { exists: boolean; at: number }>();
  const exists = (folder: string, file: string): boolean => {
    const key = join(folder, file);
    const now = Date.now();
    const hit = seen.get(key);
    if (hit && now - hit.at < EXISTS_TTL_MS) return hit.exists;
    const found = existsSync(key);
    if (seen.size > 10_000) seen.clear();
    seen.set(key, { exists: found, at: now });
    return found;
  };
  return {
    /** The logo's address on Passi, or undefined when there is no such file. */
    url(file: string): string | undefined {
      // Logos uploaded in the portal live in the database, named by their digest (docs/portal.md "Logos").
      if (UPLOADED_LOGO.test(file)) return `/logos/${file}`;
      const folder = dir();
      if (!folder || !LOGO_FILE.test(file) || !exists(folder, file)) return undefined;
      return `${LOGO_PATH}/${file}`;
    },
    async send(file: string, reply: FastifyReply): Promise<FastifyReply> {
      const folder = dir();
      const ext = LOGO_FILE.exec(file)?.[1];
      const type = ext ? TYPES[ext] : undefined;
      if (!folder || !type) fail(ErrorCodes.NOT_FOUND, 'no such logo');
      const bytes = await readFile(join(folder, file)).catch(() => undefined);
      ensure(bytes, ErrorCodes.NOT_FOUND, 'no such logo');
      return (
        reply
          .header('content-type', type)
          .header('cache-control', 'public, max-age=3600')
          .header('x-content-type-options', 'nosniff')
          // An uploaded SVG opened on its own must not run script (it is only ever shown in <img>).
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
          .send(bytes)
      );
    },
  };
}
