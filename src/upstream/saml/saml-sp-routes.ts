/**
 * Passi's SP metadata toward schools' IdPs:
 *   GET  /sp/metadata, /Shibboleth.sso/Metadata  SP metadata with every SAML integration's ACS (404 if none)
 *   GET  /sp/<flowName>/metadata                 SP metadata with that integration's ACS only
 * The ACS itself (POST /sp/<flowName>/acs and MPASSid's /<flowName>/Shibboleth.sso/SAML2/POST) is the SAML
 * types' return route (saml-module.ts, mounted by the one return route, http/flow-return-route.ts).
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { UpstreamIntegration } from '../../core/flow/ports.ts';
import type { SigningCredential } from '../../protocols/saml/signing-credential.ts';
import { buildSpMetadata } from '../../protocols/saml/sp-metadata.ts';
import { logsInOverSaml } from './idp-metadata-schedule.ts';
import type { SpUrls } from './sp-urls.ts';

export interface SamlSpRouteDeps {
  urls: SpUrls;
  /** Active integrations (any type); the routes keep the SAML ones. */
  integrations(): Promise<UpstreamIntegration[]>;
  credential(): SigningCredential;
  certificates(): { signing: string[]; encryption: string[] };
  clock: Clock;
}

const METADATA_VALIDITY_MS = 7 * 86_400_000;

export function samlSpRoutes(deps: SamlSpRouteDeps): FastifyPluginAsync {
  const samlIntegrations = async () => (await deps.integrations()).filter(logsInOverSaml);

  const integrationAt = async (flowName: string) => {
    const integration = (await samlIntegrations()).find((i) => i.flowName === flowName);
    if (!integration) fail(ErrorCodes.NOT_FOUND, 'no SAML integration with this flow name');
    return integration;
  };

  const sendMetadata = (reply: FastifyReply, acs: string[]) => {
    const certs = deps.certificates();
    const xml = buildSpMetadata(
      {
        entityId: deps.urls.entityId,
        validUntil: new Date(deps.clock.now().getTime() + METADATA_VALIDITY_MS),
        signingCertificatesPem: certs.signing,
        encryptionCertificatesPem: certs.encryption,
        assertionConsumerServices: acs,
      },
      deps.credential(),
    );
    return reply
      .header('cache-control', 'public, max-age=3600')
      .type('application/samlmetadata+xml; charset=utf-8')
      .send(xml);
  };

  const allMetadata = async (_request: unknown, reply: FastifyReply) => {
    const acs = (await samlIntegrations()).flatMap((i) => {
      const a = deps.urls.acs(i.flowName);
      return [a.primary, a.alias];
    });
    // An SPSSODescriptor needs one ACS at least (SAML Metadata §2.4.4), and a school's IdP would send its
    // pupils to whatever address is listed: with no SAML integration there is no valid metadata to give.
    if (acs.length === 0) {
      fail(
        ErrorCodes.NOT_FOUND,
        'no SAML integration is configured yet: the SP metadata lists one ACS per SAML integration',
      );
    }
    return sendMetadata(reply, acs);
  };

  return async (scope) => {
    scope.get('/sp/metadata', allMetadata);
    scope.get('/Shibboleth.sso/Metadata', allMetadata);
    scope.get<{ Params: { flowName: string } }>('/sp/:flowName/metadata', async (request, reply) => {
      const integration = await integrationAt(request.params.flowName);
      const acs = deps.urls.acs(integration.flowName);
      return sendMetadata(reply, [acs.primary, acs.alias]);
    });
  };
}
