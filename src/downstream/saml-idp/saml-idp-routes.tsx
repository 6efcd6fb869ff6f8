import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import type { LoginFlow } from '../../core/flow/login-flow.ts';
import {
  clearSessionCookie,
  readSessionId,
  setFlowCookie,
  setSessionCookie,
} from '../../http/flow-cookies.ts';
import { renderPage } from '../../http/render/layout.tsx';
import { rememberLanguage, requestLanguage } from '../../http/request-language.ts';
import { httpInput, sendAction } from '../../http/send-action.ts';
import { authnRequestRefusedFrom } from '../../protocols/saml/authn-request.ts';
import { buildErrorResponse } from '../../protocols/saml/build-error-response.ts';
import { buildIdpMetadata } from '../../protocols/saml/idp-metadata.ts';
import { STATUS } from '../../protocols/saml/namespaces.ts';
import type { SigningCredential } from '../../protocols/saml/signing-credential.ts';
import type { RegistryCache } from '../../registry/registry-snapshot.ts';
import type { ReplayCache } from '../../store/state/replay-cache.ts';
import { chooseAcs } from './choose-acs.ts';
import { isRegisteredLogoutReturn } from './logout-return.ts';
import { nameIdFormatFor } from './name-id.ts';
import { receiveAuthnRequest } from './receive-authn-request.ts';
import type { SamlIdpUrls } from './saml-idp-urls.ts';
import { toLoginRequest } from './to-login-request.ts';

export interface SamlIdpRouteDeps {
  urls: SamlIdpUrls;
  registry: () => RegistryCache;
  flow: () => LoginFlow;
  replay: () => ReplayCache;
  credential: () => SigningCredential;
  /** Certificates published in metadata: current and next signing keys, encryption key. */
  metadataCertificates: () => { signing: string[]; encryption: string[] };
  clock: Clock;
  clockSkewSeconds: number;
  flowTtlSeconds: number;
  sessionTtlSeconds: number;
}

/** How long published metadata is valid (SAML Metadata §2.3.1 validUntil); refreshed hourly by caches. */
const METADATA_VALIDITY_MS = 7 * 86_400_000;

/** Where Passi serves its own logo, next to the metadata that points at it. */
export const IDP_LOGO_PATH = '/idp/logo.svg';

/**
 * Passi's logo for services' login buttons and discovery pages (MDUI 1.0 §2.1.6 mdui:Logo). Passi serves
 * it itself, so every deployment publishes a working logo without configuration. SVG: one small file that
 * stays sharp at any size; the width and height below are its rendered size in pixels, as MDUI asks. The
 * text is white on Passi's accent colour (contrast 6.7:1) and the image is named for assistive technology.
 */
const IDP_LOGO = { width: 160, height: 60 } as const;
const IDP_LOGO_SVG = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${IDP_LOGO.width}" height="${IDP_LOGO.height}"`,
  ` viewBox="0 0 ${IDP_LOGO.width} ${IDP_LOGO.height}" role="img" aria-label="Passi">`,
  '<title>Passi</title>',
  `<rect width="${IDP_LOGO.width}" height="${IDP_LOGO.height}" rx="8" fill="#0b5cad"/>`,
  '<text x="80" y="41" text-anchor="middle" fill="#ffffff" font-family="Helvetica, Arial, sans-serif"',
  ' font-size="30" font-weight="700">Passi</text>',
  '</svg>\n',
].join('');

/**
 * The SAML IdP face's endpoints at MPASSid's paths: metadata, SSO (Redirect and POST),
 * logout. Every failure before the ACS is verified ends on an error page, never a POST.
 */
export function samlIdpRoutes(deps: SamlIdpRouteDeps): FastifyPluginAsync {
  // Relative to the entity id, so a public URL with a path keeps its prefix (`<publicUrl>/idp/logo.svg`).
  const logoUrl = new URL('logo.svg', deps.urls.entityId).href;
  return async (scope) => {
    scope.get('/idp/shibboleth', async (_request, reply) => {
      const certs = deps.metadataCertificates();
      const xml = buildIdpMetadata(
        {
          entityId: deps.urls.entityId,
          validUntil: new Date(deps.clock.now().getTime() + METADATA_VALIDITY_MS),
          signingCertificatesPem: certs.signing,
          encryptionCertificatesPem: certs.encryption,
          ssoRedirectUrl: deps.urls.ssoRedirect,
          ssoPostUrl: deps.urls.ssoPost,
          singleLogoutRedirectUrl: undefined,
          displayName: { fi: 'Passi', sv: 'Passi', en: 'Passi' },
          logo: { url: logoUrl, ...IDP_LOGO },
        },
        deps.credential(),
      );
      return reply
        .header('content-type', 'application/samlmetadata+xml')
        .header('cache-control', 'public, max-age=3600')
        .send(xml);
    });

    scope.get(IDP_LOGO_PATH, async (_request, reply) =>
      reply
        .header('content-type', 'image/svg+xml')
        .header('cache-control', 'public, max-age=86400')
        // Services' own sites and discovery services show it: helmet's default same-origin would block it.
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(IDP_LOGO_SVG),
    );

    const sso = (binding: 'redirect' | 'post') => async (request: FastifyRequest, reply: FastifyReply) => {
      const now = deps.clock.now();
      const received = receiveAuthnRequest(binding, httpInput(request), {
        registry: await deps.registry().current(),
        clock: deps.clock,
        ssoUrls: [deps.urls.ssoRedirect, deps.urls.ssoPost],
        clockSkewMs: deps.clockSkewSeconds * 1000,
      });
      const { request: authnRequest, service, relayState } = received;
      const acsUrl = chooseAcs(service, authnRequest);
      // SAML Profiles §4.1.4.5: a request id is used once (across nodes and restarts: the store's replay table),
      // remembered until the request would be refused as too old anyway.
      const fresh = await deps
        .replay()
        .claim(
          'saml-authnrequest',
          `${service.saml.entityId} ${authnRequest.id}`,
          authnRequestRefusedFrom(authnRequest.issueInstant, { clockSkewMs: deps.clockSkewSeconds * 1000 }),
        );
      if (!fresh) throw new PassiError(ErrorCodes.REPLAY, 'this AuthnRequest was already used');

      const nameIdFormat = nameIdFormatFor(authnRequest.nameIdPolicy?.format, service.saml.nameIdFormat);
      if (!nameIdFormat) {
        // The ACS is verified, so the error goes back to the service (SAML Core §3.4.1.1).
        const xml = buildErrorResponse(
          {
            issuer: deps.urls.entityId,
            destination: acsUrl,
            inResponseTo: authnRequest.id,
            now,
            topLevel: STATUS.requester,
            secondLevel: STATUS.invalidNameIdPolicy,
            message: 'supported NameID formats: transient, persistent',
          },
          deps.credential(),
        );
        const fields: Record<string, string> = { SAMLResponse: Buffer.from(xml).toString('base64') };
        if (relayState !== undefined) fields.RelayState = relayState;
        return sendAction(request, reply, { kind: 'post', action: acsUrl, fields });
      }
      const query = (request.query ?? {}) as Record<string, unknown>;
      const login = toLoginRequest({
        request: authnRequest,
        serviceId: service.id,
        lang: typeof query.lang === 'string' ? query.lang : undefined,
        faceState: {
          requestId: authnRequest.id,
          acsUrl,
          relayState,
          nameIdFormat,
          serviceEntityId: service.saml.entityId,
        },
      });
      // The service's `lang` is the latest explicit choice: later pages of this login follow it.
      if (login.language) rememberLanguage(reply, login.language);
      const step = await deps.flow().begin(login, readSessionId(request));
      setFlowCookie(reply, step.flowId, deps.flowTtlSeconds, service.id);
      if (step.sessionId) setSessionCookie(reply, step.sessionId, deps.sessionTtlSeconds);
      return sendAction(request, reply, step.action);
    };
    scope.get('/idp/profile/SAML2/Redirect/SSO', sso('redirect'));
    scope.post('/idp/profile/SAML2/POST/SSO', sso('post'));

    scope.get<{ Querystring: { return?: string } }>('/idp/profile/Logout', async (request, reply) => {
      const target = request.query.return;
      if (target !== undefined && !isRegisteredLogoutReturn(await deps.registry().current(), target)) {
        throw new PassiError(
          ErrorCodes.LOGOUT_RETURN_NOT_ALLOWED,
          'the logout return address is not registered for any service',
        );
      }
      await deps.flow().logout(readSessionId(request));
      clearSessionCookie(reply);
      if (target !== undefined) return reply.header('cache-control', 'no-store').redirect(target, 303);
      const lang = requestLanguage(request);
      return reply
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(
          renderPage({ lang, title: (t) => t['logout.title'], selfPath: '/idp/profile/Logout' }, (t) => (
            <>
              <h1>{t['logout.title']}</h1>
              <p>{t['logout.body']}</p>
            </>
          )),
        );
    });
  };
}
