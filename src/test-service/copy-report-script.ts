import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** Where the result page's "Copy report" script is served. */
export const COPY_REPORT_SCRIPT_PATH = '/test-service/assets/copy-report.js';

const script = readFileSync(new URL('./assets/copy-report.js', import.meta.url), 'utf8');

/**
 * Serves the "Copy report" script from Passi itself, a file rather than inline code; the page loads it
 * with the response's CSP nonce, the only scripts the page CSP runs (http/build-server.ts).
 */
export function serveCopyReportScript(scope: FastifyInstance): void {
  scope.get(COPY_REPORT_SCRIPT_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(script),
  );
}
