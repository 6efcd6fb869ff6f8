import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure, fail } from '../../core/errors.ts';
import type { HttpInput } from '../../core/http-action.ts';
import {
  type AuthnRequest,
  readAuthnRequest,
  readAuthnRequestDocument,
} from '../../protocols/saml/authn-request.ts';
import { decodePostMessage, decodeRedirectMessage } from '../../protocols/saml/decode-binding.ts';
import { parseXml } from '../../protocols/saml/parse-xml.ts';
import { readXml } from '../../protocols/saml/read-xml.ts';
import { hasXmlSignature, verifyPostSignature } from '../../protocols/saml/verify-post-signature.ts';
import {
  parseRedirectQuery,
  verifyRedirectSignature,
} from '../../protocols/saml/verify-redirect-signature.ts';
import { toPem } from '../../registry/check-service-rules.ts';
import type { RegistrySnapshot } from '../../registry/registry-snapshot.ts';
import type { SamlService } from '../../registry/service-schema.ts';

export interface ReceivedAuthnRequest {
  request: AuthnRequest;
  relayState: string | undefined;
  service: SamlService;
}

/** RelayState is opaque but bounded (SAML Bindings §3.4.3: ≤ 80 bytes; we allow 512 for real-world SPs). */
const MAX_RELAY_STATE = 512;

/**
 * Decodes and checks an AuthnRequest per binding (SAML Core §3.4.1.4): the Issuer must be a registered,
 * active SAML service; services that sign (or must sign) are verified with their registered certificates
 * only — Redirect over the raw query octets, POST with exactly one reference to the root.
 */
export function receiveAuthnRequest(
  binding: 'redirect' | 'post',
  http: HttpInput,
  context: { registry: RegistrySnapshot; clock: Clock; ssoUrls: readonly string[]; clockSkewMs: number },
): ReceivedAuthnRequest {
  const ctx = { clock: context.clock, ssoUrls: context.ssoUrls, clockSkewMs: context.clockSkewMs };
  if (binding === 'redirect') {
    const query = parseRedirectQuery(http.rawQuery);
    if (query.messageParam !== 'SAMLRequest') fail(ErrorCodes.REQUEST_INVALID, 'expected a SAMLRequest');
    // One hardened parse serves both the signature-presence check and the reading: Passi's own strict
    // reader, as for a school's Response (the signature, if any, is over the query string, not the XML).
    const doc = readXml(decodeRedirectMessage(query.message));
    if (hasXmlSignature(doc))
      fail(ErrorCodes.REQUEST_INVALID, 'Redirect binding must not carry an XML signature');
    const request = readAuthnRequestDocument(doc, ctx);
    const service = findService(context.registry, request.issuer);
    if (service.saml.authnRequestsSigned || query.signature !== undefined) {
      verifyRedirectSignature(query, signingCertificates(service));
      requireDestination(request);
    }
    return { request, relayState: checkRelayState(query.relayState), service };
  }
  const encoded = http.body.SAMLRequest;
  ensure(encoded, ErrorCodes.REQUEST_INVALID, 'expected a SAMLRequest form field');
  const xml = decodePostMessage(encoded);
  // Read the issuer from an unverified parse only to find the service's certificates; everything else is
  // read from the verified element (verify before reading).
  const unverified = parseXml(xml);
  const issuer = unverified.documentElement ? firstIssuer(unverified.documentElement) : undefined;
  const service = findService(context.registry, issuer ?? '');
  let request: AuthnRequest;
  if (service.saml.authnRequestsSigned || hasXmlSignature(unverified)) {
    const verified = verifyPostSignature(xml, signingCertificates(service));
    request = readAuthnRequest(verified, ctx);
    requireDestination(request);
  } else {
    // Unsigned and allowed to be: the whole request is what was parsed above, read once.
    request = readAuthnRequestDocument(unverified, ctx);
  }
  if (request.issuer !== service.saml.entityId)
    fail(ErrorCodes.REQUEST_INVALID, 'Issuer changed under the signature');
  return { request, relayState: checkRelayState(http.body.RelayState), service };
}

/**
 * SAML Bindings 2.0 §3.4.5.2 (Redirect) and §3.5.5.2 (POST): a signed request must carry Destination, so
 * a request signed for another IdP cannot be replayed here (readAuthnRequest already checks its value).
 */
function requireDestination(request: AuthnRequest): void {
  if (request.destination === undefined)
    fail(ErrorCodes.REQUEST_INVALID, 'invalid AuthnRequest: a signed request must carry Destination', {
      detail: { reason: 'Destination missing' },
    });
}

/** The registry accepts a PEM or the bare base64 body SAML metadata carries; the verifiers need PEM. */
function signingCertificates(service: SamlService): string[] {
  return service.saml.signingCertificates.map(toPem);
}

function findService(registry: RegistrySnapshot, entityId: string): SamlService {
  const entry = registry.servicesBySamlEntityId.get(entityId);
  const service = entry?.service;
  if (service?.protocol !== 'saml' || service.status !== 'active') {
    fail(ErrorCodes.SERVICE_UNKNOWN, 'the AuthnRequest Issuer is not a registered service');
  }
  return service;
}

function firstIssuer(root: import('@xmldom/xmldom').Element): string | undefined {
  for (let n = root.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && n.localName === 'Issuer') return n.textContent?.trim();
  }
  return undefined;
}

function checkRelayState(value: string | undefined): string | undefined {
  if (value !== undefined && value.length > MAX_RELAY_STATE) {
    fail(ErrorCodes.REQUEST_INVALID, `RelayState longer than ${MAX_RELAY_STATE} characters`);
  }
  return value;
}
