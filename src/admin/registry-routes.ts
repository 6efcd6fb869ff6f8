import type { FastifyPluginAsync } from 'fastify';
import { constantTimeEqual } from '../core/constant-time-equal.ts';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';
import type { UpstreamIntegration } from '../core/flow/ports.ts';
import { exportRegistry } from '../registry/export-registry.ts';
import { importRegistry, type MetadataLoad } from '../registry/import-registry.ts';
import type { RegistryRepository } from '../registry/registry-repository.ts';

export interface AdminDeps {
  /** Bearer token for the admin API; undefined disables the API (secure default). */
  adminToken: string | undefined;
  repo(): RegistryRepository;
  publicUrl: string;
  now(): Date;
  /** Loads the metadata of imported SAML integrations at once (reported in the answer's `metadata`). */
  loadIdpMetadata?: (integrations: UpstreamIntegration[]) => Promise<MetadataLoad[]>;
}

/**
 * Admin API for the registry until the portal exists: thin routes (authenticate → validate → command →
 * present). Every change goes through the audited repository.
 */
export function adminRegistryRoutes(deps: AdminDeps): FastifyPluginAsync {
  return async (scope) => {
    scope.addContentTypeParser(['application/yaml', 'text/yaml'], { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    scope.addHook('onRequest', async (request) => {
      const header = request.headers.authorization ?? '';
      if (!deps.adminToken || !constantTimeEqual(header, `Bearer ${deps.adminToken}`)) {
        fail(ErrorCodes.ADMIN_UNAUTHORIZED, 'admin API requires a valid bearer token');
      }
    });
    scope.get('/registry', async (_request, reply) =>
      reply.header('content-type', 'application/yaml').send(await exportRegistry(deps.repo())),
    );
    scope.post<{ Querystring: { dryRun?: string } }>('/registry/import', async (request) => {
      if (typeof request.body !== 'string') {
        fail(ErrorCodes.REQUEST_INVALID, 'send the registry document as application/yaml');
      }
      return importRegistry(deps.repo(), request.body, {
        publicUrl: deps.publicUrl,
        now: deps.now(),
        actor: 'admin-api',
        dryRun: request.query.dryRun === 'true',
        ...(deps.loadIdpMetadata ? { loadMetadata: deps.loadIdpMetadata } : {}),
      });
    });
  };
}
