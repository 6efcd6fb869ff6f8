import type { CacheProvider } from '@node-saml/node-saml';
import { type Profile, SAML, SamlStatusError, ValidateInResponseTo } from '@node-saml/node-saml';
import type { FastifyPluginAsync } from 'fastify';
import { ErrorCodes } from '../core/error-codes.ts';
import { ensure, fail } from '../core/errors.ts';
import { rememberLanguage, requestLanguage } from '../http/request-language.ts';
import { cspNonce } from '../http/send-action.ts';
import { ATTRIBUTE_CATALOGUE } from '../model/attribute-catalogue.ts';
import { LOGIN_REPORT_HANDLE_URI } from '../model/login-report-handle.ts';
import type { SecretBox } from '../store/secret-box.ts';
import type { LoginReportStore } from '../store/state/login-report-store.ts';
import { attributeRows } from './attribute-rows.ts';
import { serveCopyReportScript } from './copy-report-script.ts';
import { findLoginReport } from './find-login-report.ts';
import { setLoginCookie, takeLoginCookie } from './login-cookie.ts';
import { renderResultPage } from './render-result-page.tsx';
import { renderStartPage } from './render-start-page.tsx';
import { failureStatus, notStarted, type TestLoginFailure, validationFailure } from './test-login-failure.ts';
import type { TestLoginRecorder } from './test-login-outcome.ts';

export interface TestServiceDeps {
  publicUrl: string;
  /** Registry id of the attribute test service's SAML registration (demo/registry.yaml). */
  serviceId: string;
  /** Passi's SAML signing certificates (PEM), which the test service trusts as its IdP. */
  idpCertificates: () => string[];
  cacheProvider: () => CacheProvider;
  reports: () => LoginReportStore;
  /** Seals the cookie that binds a test login to the browser that started it (login-cookie.ts). */
  box: () => SecretBox;
  oidcEnabled: boolean;
  /** Saves the result of a test login the portal started (test-login-outcome.ts). */
  recordOutcome?: TestLoginRecorder;
}

const REQUEST_COOKIE = '__Host-passi_ts_req';
const FLOW_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * The attribute test service (https://wiki.eduuni.fi/display/OPHPALV/Test+accounts+available+for+testing): a real SAML SP (@node-saml/node-saml)
 * hosted by Passi that logs in through Passi itself and shows every released attribute with a status,
 * the raw attributes the school sent, and a copyable report (docs/attribute-test-service.md).
 *
 * The report is shown only when the Response passed node-saml's validation, answers the AuthnRequest
 * this browser's sealed cookie names, and names the report by the handle inside the signed assertion.
 */
export function testServiceSamlRoutes(deps: TestServiceDeps): FastifyPluginAsync {
  const entityId = `${deps.publicUrl}/test-service/saml`;
  const acs = `${deps.publicUrl}/test-service/saml/acs`;
  const saml = (flowName?: string) =>
    new SAML({
      entryPoint: `${deps.publicUrl}/idp/profile/SAML2/Redirect/SSO`,
      issuer: entityId,
      callbackUrl: acs,
      audience: entityId,
      idpCert: deps.idpCertificates(),
      idpIssuer: `${deps.publicUrl}/idp/shibboleth`,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: 15 * 60_000,
      cacheProvider: deps.cacheProvider(),
      identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      signatureAlgorithm: 'sha256',
      ...(flowName
        ? { authnContext: [`urn:mpass.id:authnsource:${flowName}`], racComparison: 'exact' as const }
        : { disableRequestedAuthnContext: true }),
    });

  return async (scope) => {
    serveCopyReportScript(scope);
    scope.get('/test-service', async (_request, reply) => reply.redirect('/test-service/', 302));
    scope.get('/test-service/', async (request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(renderStartPage(requestLanguage(request), { oidc: deps.oidcEnabled })),
    );

    scope.get<{ Querystring: { flow?: string } }>('/test-service/saml/login', async (request, reply) => {
      const flow = request.query.flow?.trim() || undefined;
      if (flow !== undefined && !FLOW_NAME.test(flow)) fail(ErrorCodes.REQUEST_INVALID, 'invalid flow name');
      const lang = requestLanguage(request);
      const url = await saml(flow).getAuthorizeUrlAsync('', undefined, { additionalParams: { lang } });
      const requestId = await authnRequestIdOf(url);
      // Remember the chosen language for the pages that follow (request, then cookie).
      rememberLanguage(reply, lang);
      setLoginCookie(reply, deps.box(), REQUEST_COOKIE, { requestId });
      return reply.header('cache-control', 'no-store').redirect(url, 303);
    });

    scope.post<{ Body: Record<string, string> }>('/test-service/saml/acs', async (request, reply) => {
      const lang = requestLanguage(request);
      const saved = takeLoginCookie(request, reply, deps.box(), REQUEST_COOKIE);
      const requestId = typeof saved?.requestId === 'string' ? saved.requestId : undefined;
      let profile: Profile | null = null;
      let failure: TestLoginFailure | undefined;
      if (requestId === undefined) {
        // Not validated at all: the request id stays usable for the browser that did start the login.
        failure = notStarted(request);
      } else {
        try {
          profile = (
            await saml().validatePostResponseAsync({ SAMLResponse: String(request.body.SAMLResponse ?? '') })
          ).profile;
          // node-saml answers a signed NoPassive with no profile (SAML Core §3.4.1.1 IsPassive).
          if (!profile) throw new SamlStatusError('NoPassive', '');
          // node-saml checked the id is one this service issued; it must be the one this browser started.
          if (profile.inResponseTo !== requestId)
            throw new Error('InResponseTo names another browser’s login');
        } catch (e) {
          profile = null;
          failure = validationFailure(request, e, samlStatusOf);
        }
      }
      const detail = await findLoginReport(request, deps.reports(), {
        serviceId: deps.serviceId,
        correlationId: requestId,
        handle: profile ? reportHandleOf(profile) : undefined,
        failure,
      });
      const released = profile ? releasedFromProfile(profile) : {};
      const rows = attributeRows(released, detail?.problems ?? []);
      const recorded = await deps.recordOutcome?.(request, reply, {
        protocol: 'saml',
        rows,
        failure,
        detail,
      });
      const facts: Record<string, string> = {};
      if (profile) {
        facts.NameID = profile.nameID;
        facts.NameIDFormat = profile.nameIDFormat;
        facts.Issuer = profile.issuer;
        const acr = authnContextOf(profile);
        if (acr) facts.AuthnContextClassRef = acr;
      }
      return reply
        .status(failureStatus(failure))
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(
          renderResultPage(
            lang,
            { protocol: 'saml', rows, failure, detail, facts, saved: recorded },
            cspNonce(reply),
          ),
        );
    });
  };
}

/** What Passi answered when its Response carried an error status (node-saml's SamlStatusError). */
function samlStatusOf(e: unknown): string | undefined {
  if (!(e instanceof SamlStatusError)) return undefined;
  return e.message.replace(/^SAML provider returned /, '');
}

/** The login report handle Passi released inside the signed assertion (login-report-handle.ts). */
function reportHandleOf(profile: Profile): string | undefined {
  const value: unknown = Reflect.get(Object(profile.attributes), LOGIN_REPORT_HANDLE_URI);
  return typeof value === 'string' && value ? value : undefined;
}

/** node-saml puts attributes on the profile under their SAML names. */
function releasedFromProfile(profile: Profile): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const attrs = (profile.attributes ?? {}) as Record<string, unknown>;
  for (const [samlName, value] of Object.entries(attrs)) {
    const entry = findBySamlName(samlName);
    if (!entry) continue;
    out[entry] = (Array.isArray(value) ? value : [value]).map((v) => String(v));
  }
  return out;
}

const DATA_NAME_BY_SAML_NAME = new Map(ATTRIBUTE_CATALOGUE.map((e) => [e.samlName, e.name]));

function findBySamlName(samlName: string): string | undefined {
  return DATA_NAME_BY_SAML_NAME.get(samlName);
}

/** Display only: read from the assertion node-saml has already verified. */
function authnContextOf(profile: Profile): string | undefined {
  const xml = profile.getAssertionXml?.() ?? '';
  const m = /AuthnContextClassRef>([^<]+)</.exec(xml);
  return m?.[1];
}

/** The ID of the AuthnRequest node-saml put into the Redirect URL (to find this login's report). */
async function authnRequestIdOf(url: string): Promise<string> {
  const { inflateRawSync } = await import('node:zlib');
  const param = new URL(url).searchParams.get('SAMLRequest') ?? '';
  const xml = inflateRawSync(Buffer.from(param, 'base64')).toString('utf8');
  const id = /\sID="([^"]+)"/.exec(xml)?.[1];
  ensure(id, ErrorCodes.INTERNAL, 'could not read the AuthnRequest id');
  return id;
}
