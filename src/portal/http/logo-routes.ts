import type { FastifyInstance } from 'fastify';
import type { PortalDeps } from '../commands/portal-deps.ts';
import { UPLOADED_LOGO_PATH } from '../commands/upload-logo.ts';
import { createLogoStore } from '../store/logo-store.ts';

const FILE = /^([0-9a-f]{64})\.(png|jpg|webp)$/;
const TYPE_OF_EXT: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/**
 * Uploaded logos at `/logos/<sha256>.<ext>` (docs/portal.md "Logos"): the name is the content's digest, so
 * a response never changes and is cached for a year. Served as the type checked at upload, never sniffed,
 * and under a CSP that lets nothing run should the file be opened on its own.
 */
export function registerLogoRoutes(app: FastifyInstance, deps: () => PortalDeps): void {
  app.get<{ Params: { file: string } }>(`${UPLOADED_LOGO_PATH}/:file`, async (request, reply) => {
    const m = FILE.exec(request.params.file);
    const logo = m?.[1] ? await createLogoStore(deps().db).get(m[1]) : undefined;
    // The extension must name the stored type: one content, one address.
    if (!logo || TYPE_OF_EXT[m?.[2] ?? ''] !== logo.content_type) return reply.callNotFound();
    return reply
      .header('content-type', logo.content_type)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'")
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(Buffer.from(logo.bytes));
  });
}
