/**
 * Passi's SP endpoints toward schools' IdPs:
 *   POST /sp/<flowName>/acs                     ACS of one integration (HTTP-POST binding)
 *   POST /<flowName>/Shibboleth.sso/SAML2/POST   the same, at MPASSid's Shibboleth SP path
 *   GET  /sp/metadata, /Shibboleth.sso/Metadata  SP metadata with every SAML integration's ACS (404 if none)
 *   GET  /sp/<flowName>/metadata                 SP metadata with that integration's ACS only
 * A response is only accepted at the ACS of the integration the browser's login was started at
 * (LoginFlow.finishUpstream); anything refused ends on an error page with an error id.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import type { LoginFlow } from '../../core/flow/login-flow.ts';
import type { UpstreamIntegration } from '../../core/flow/ports.ts';
import { BODY_LIMITS } from '../../http/build-server.ts';
import { readFlowId, setSessionCookie } from '../../http/flow-cookies.ts';
import { httpInput, sendAction } from '../../http/send-action.ts';
import type { SigningCredential } from '../../protocols/saml/signing-credential.ts';
import { buildSpMetadata } from '../../protocols/saml/sp-metadata.ts';
import { logsInOverSaml } from './idp-metadata-schedule.ts';
import type { SpUrls } from './sp-urls.ts';

export interface SamlSpRouteDeps {
  urls: SpUrls;
  flow(): LoginFlow;
  /** Active integrations (any type); the routes keep the SAML ones. */
  integrations(): Promise<UpstreamIntegration[]>;
  credential(): SigningCredential;
  certificates(): { signing: string[]; encryption: string[] };
  clock: Clock;
  sessionTtlSeconds: number;
}

const METADATA_VALIDITY_MS = 7 * 86_400_000;

export function samlSpRoutes(deps: SamlSpRouteDeps): FastifyPluginAsync {
  const samlIntegrations = async () => (await deps.integrations()).filter(logsInOverSaml);

  const integrationAt = async (flowName: string) => {
    const integration = (await samlIntegrations()).find((i) => i.flowName === flowName);
    if (!integration)
      throw new PassiError(ErrorCodes.NOT_FOUND, 'no SAML integration with this flow name', { status: 404 });
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
      throw new PassiError(
        ErrorCodes.NOT_FOUND,
        'no SAML integration is configured yet: the SP metadata lists one ACS per SAML integration',
        { status: 404 },
      );
    }
    return sendMetadata(reply, acs);
  };

  return async (scope) => {
    const acsHandler = async (
      request: FastifyRequest<{ Params: { flowName: string } }>,
      reply: FastifyReply,
    ) => {
      const integration = await integrationAt(request.params.flowName);
      const flow = await deps.flow().current(readFlowId(request));
      // A response for a login started at another integration is refused here.
      const step = await deps.flow().finishUpstream(flow, integration.id, httpInput(request));
      if (step.sessionId) setSessionCookie(reply, step.sessionId, deps.sessionTtlSeconds);
      return sendAction(request, reply, step.action);
    };
    // The ACS lives among the pages (error pages, cookies), but what it takes is a SAML POST: the
    // protocol surface's body limit (256 KiB, docs/operations.md "Timeouts and hostile requests"), not the pages' 32 KiB, which
    // would refuse a large but valid ADFS response before verify-saml-response's own limits apply.
    const acsOptions = { bodyLimit: BODY_LIMITS.protocol };
    scope.post<{ Params: { flowName: string } }>('/sp/:flowName/acs', acsOptions, acsHandler);
    scope.post<{ Params: { flowName: string } }>(
      '/:flowName/Shibboleth.sso/SAML2/POST',
      acsOptions,
      acsHandler,
    );

    scope.get('/sp/metadata', allMetadata);
    scope.get('/Shibboleth.sso/Metadata', allMetadata);
    scope.get<{ Params: { flowName: string } }>('/sp/:flowName/metadata', async (request, reply) => {
      const integration = await integrationAt(request.params.flowName);
      const acs = deps.urls.acs(integration.flowName);
      return sendMetadata(reply, [acs.primary, acs.alias]);
    });
  };
}
