import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { adminRegistryRoutes } from '../admin/registry-routes.ts';
import type { PassiConfig } from '../config/config-schema.ts';
import type { Clock } from '../core/clock.ts';
import type { UpstreamIntegration } from '../core/flow/ports.ts';
import { discoveryRoutes } from '../discovery/discovery-routes.tsx';
import { followOrgdata, loadAllOrganisations } from '../discovery/school-directory-source.ts';
import { oidcOpRoutes } from '../downstream/oidc-op/oidc-op-routes.ts';
import { samlIdpRoutes } from '../downstream/saml-idp/saml-idp-routes.tsx';
import { samlIdpUrls } from '../downstream/saml-idp/saml-idp-urls.ts';
import { liveCertificates } from '../keys/key-store.ts';
import { externalSignInSettings } from '../portal/commands/external-sign-in.ts';
import { portalRoutes } from '../portal/http/portal-routes.tsx';
import { portalTestLoginRecorder } from '../portal/http/test-login-recording.ts';
import { testServiceOidcRoutes } from '../test-service/oidc-client-routes.ts';
import { testServiceSamlRoutes } from '../test-service/saml-client-routes.ts';
import { createStoreCacheProvider } from '../test-service/store-cache-provider.ts';
import { loadIdpMetadataNow } from '../upstream/saml/idp-metadata-schedule.ts';
import { samlSpRoutes } from '../upstream/saml/saml-sp-routes.ts';
import { spUrls } from '../upstream/saml/sp-urls.ts';
import { testDirectoryRoutes } from '../upstream/test-directory/test-directory-routes.ts';
import {
  type AppServices,
  ATTRIBUTE_TEST_OIDC_CLIENT,
  ATTRIBUTE_TEST_OIDC_SERVICE,
  ATTRIBUTE_TEST_SAML_SERVICE,
} from './app-services.ts';
import { connectorReturnRoutes } from './connector-routes.ts';

export interface SurfaceRoutes {
  protocol: FastifyPluginAsync[];
  pages: FastifyPluginAsync[];
  admin: FastifyPluginAsync[];
}

/**
 * Every route plugin, by surface (docs/architecture.md "Surfaces"). Routes are mounted before the store is
 * ready, so they reach the services through `require()`, which answers 503 until then.
 */
export function surfaceRoutes(input: {
  config: PassiConfig;
  clock: Clock;
  require: () => AppServices;
  activeIntegrations: () => Promise<UpstreamIntegration[]>;
}): SurfaceRoutes {
  const { config, clock, require, activeIntegrations } = input;
  const urls = samlIdpUrls(config.publicUrl);
  const sp = spUrls(config.publicUrl);
  // The portal's "Test the connection" saves the test service's result with the integration (docs/portal.md).
  const recordOutcome = portalTestLoginRecorder({
    db: () => require().db,
    box: () => require().box,
    clock,
    publicUrl: config.publicUrl,
  });
  const flowReturnDeps = {
    flow: () => require().flow,
    directory: () => require().directory,
    sessionTtlSeconds: config.sessionTtlSeconds,
    integrations: activeIntegrations,
  };
  return {
    protocol: [
      // OIDC face: oidc-provider endpoints + Passi's interaction page.
      oidcOpRoutes({
        op: () => require().oidc,
        flow: () => require().flow,
        registry: () => require().registry,
        flowTtlSeconds: config.flowTtlSeconds,
        sessionTtlSeconds: config.sessionTtlSeconds,
      }),
      samlIdpRoutes({
        urls,
        registry: () => require().registry,
        flow: () => require().flow,
        replay: () => require().replay,
        credential: () => require().samlCredential,
        metadataCertificates: () => samlCertificates(require()),
        clock,
        clockSkewSeconds: config.clockSkewSeconds,
        flowTtlSeconds: config.flowTtlSeconds,
        sessionTtlSeconds: config.sessionTtlSeconds,
      }),
    ],
    pages: [
      discoveryRoutes({
        flow: () => require().flow,
        directory: () => require().directory,
        registry: () => require().registry,
        schools: followOrgdata(
          () => require().orgdata(),
          () => loadAllOrganisations(require().db),
        ),
        logoDir: () => join(config.dataDir, 'logos'),
      }),
      // The test directory's login page and form (its return route, finished by the one route core).
      testDirectoryRoutes(flowReturnDeps),
      // Return addresses of the school connectors, from the connector table (the SAML ACS among them).
      ...connectorReturnRoutes(flowReturnDeps),
      // Passi's SP metadata toward ADFS, Google, Entra and other SAML IdPs.
      samlSpRoutes({
        urls: sp,
        integrations: activeIntegrations,
        credential: () => require().samlCredential,
        certificates: () => samlCertificates(require()),
        clock,
      }),
      testServiceSamlRoutes({
        publicUrl: config.publicUrl,
        serviceId: ATTRIBUTE_TEST_SAML_SERVICE,
        idpCertificates: () => liveCertificates(require().keys, 'saml-sig'),
        cacheProvider: () => createStoreCacheProvider(require().db, 'test-service-saml', 15 * 60_000),
        reports: () => require().reports,
        box: () => require().box,
        oidcEnabled: true,
        recordOutcome,
      }),
      // Attribute test service over OIDC.
      testServiceOidcRoutes({
        publicUrl: config.publicUrl,
        serviceId: ATTRIBUTE_TEST_OIDC_SERVICE,
        clientId: ATTRIBUTE_TEST_OIDC_CLIENT,
        reports: () => require().reports,
        box: () => require().box,
        recordOutcome,
      }),
      // The management portal (docs/portal.md).
      portalRoutes({
        publicUrl: config.publicUrl,
        mail: { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, dataDir: config.dataDir },
        clock,
        db: () => require().db,
        box: () => require().box,
        registry: () => require().registry,
        repo: () => require().repo,
        externalSignIn: externalSignInSettings(config),
        join: () => ({ repo: require().repo, orgdata: require().orgdata }),
        loginReportRetentionDays: config.loginReportRetentionDays,
        productionIntegrationsNeedApproval: config.productionIntegrationsNeedApproval,
        unsubscribeSecret: () => require().unsubscribeSecret,
      }),
    ],
    admin: [
      adminRegistryRoutes({
        adminToken: config.adminToken,
        repo: () => require().repo,
        publicUrl: config.publicUrl,
        now: () => clock.now(),
        loadIdpMetadata: (integrations) => loadIdpMetadataNow(require().upstreamMetadata)(integrations),
      }),
    ],
  };
}

/** Passi's SAML signing and encryption certificates, for IdP and SP metadata. */
function samlCertificates(services: AppServices) {
  return {
    signing: liveCertificates(services.keys, 'saml-sig'),
    encryption: liveCertificates(services.keys, 'saml-enc'),
  };
}
