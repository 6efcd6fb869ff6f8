/**
 * Reading an AuthnRequest (SAML Core 2.0 §3.4.1) into a typed object, with the message-level checks
 * that need no registry: version, ID, IssueInstant within the clock-skew window, Destination equal to
 * the SSO endpoint that received it, Issuer present. ACS URL/index against the registry, signature
 * policy and binding support are the IdP face's job (§3.4.1.4 processing rules).
 */
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import { NS, STATUS } from './namespaces.ts';
import { parseXml } from './parse-xml.ts';
import { childElement, childElements } from './xml-dom.ts';
import type { XmlDocumentView, XmlElementView } from './xml-view.ts';

export type AuthnContextComparison = 'exact' | 'minimum' | 'maximum' | 'better';

export interface AuthnRequest {
  readonly id: string;
  readonly issueInstant: Date;
  readonly destination?: string;
  /** Issuer entity id (the service); required by Passi to look up the service. */
  readonly issuer: string;
  readonly assertionConsumerServiceUrl?: string;
  readonly assertionConsumerServiceIndex?: number;
  readonly protocolBinding?: string;
  readonly forceAuthn: boolean;
  readonly isPassive: boolean;
  readonly nameIdPolicy?: {
    readonly format?: string;
    readonly allowCreate?: boolean;
    readonly spNameQualifier?: string;
  };
  readonly requestedAuthnContext?: {
    readonly comparison: AuthnContextComparison;
    readonly classRefs: readonly string[];
  };
}

export interface AuthnRequestContext {
  readonly clock: Clock;
  /** The SSO endpoint URL(s) Passi publishes; Destination, when present, must equal one exactly. */
  readonly ssoUrls: readonly string[];
  /** Allowed clock difference each way. Default 3 minutes. */
  readonly clockSkewMs?: number;
  /** A request older than this (plus skew) is refused. Default 5 minutes. */
  readonly maxAgeMs?: number;
}

const DEFAULT_SKEW_MS = 180_000;
const DEFAULT_MAX_AGE_MS = 300_000;

/**
 * The first instant at which a request issued at `issueInstant` is refused as too old: older than the
 * maximum age plus the skew. Its ID must be remembered as used until then (SAML Profiles 2.0 §4.1.4.5),
 * and no longer.
 */
export function authnRequestRefusedFrom(
  issueInstant: Date,
  context: Pick<AuthnRequestContext, 'clockSkewMs' | 'maxAgeMs'>,
): Date {
  return new Date(
    issueInstant.getTime() +
      (context.maxAgeMs ?? DEFAULT_MAX_AGE_MS) +
      (context.clockSkewMs ?? DEFAULT_SKEW_MS) +
      1,
  );
}

function invalid(reason: string, samlStatus: string = STATUS.requester): PassiError {
  return new PassiError(ErrorCodes.REQUEST_INVALID, `invalid AuthnRequest: ${reason}`, {
    detail: { reason, samlStatus },
  });
}

/**
 * Parses (hardened) and reads an AuthnRequest document. The server parses once and reads the document
 * (`readAuthnRequestDocument`), since it also looks for a signature in it.
 * @internal used by tests only
 */
export function parseAuthnRequest(xml: string, context: AuthnRequestContext): AuthnRequest {
  return readAuthnRequestDocument(parseXml(xml), context);
}

/** Reads an already parsed AuthnRequest document (readXml for the Redirect binding, parseXml for POST). */
export function readAuthnRequestDocument(doc: XmlDocumentView, context: AuthnRequestContext): AuthnRequest {
  const root = doc.documentElement;
  if (root === null) throw invalid('no root element');
  return readAuthnRequest(root, context);
}

/** Reads an AuthnRequest element, e.g. the verified element returned by `verifyPostSignature`. */
export function readAuthnRequest(root: XmlElementView, context: AuthnRequestContext): AuthnRequest {
  if (root.namespaceURI !== NS.samlp || root.localName !== 'AuthnRequest')
    throw invalid('root is not samlp:AuthnRequest');
  // SAML Core 2.0 §3.2.1: Version 2.0, else VersionMismatch.
  if (root.getAttribute('Version') !== '2.0') throw invalid('Version must be 2.0', STATUS.versionMismatch);
  const id = root.getAttribute('ID') ?? '';
  if (!NCNAME.test(id)) throw invalid('ID missing or not an NCName');
  const issueInstant = parseDateTime(root.getAttribute('IssueInstant'));
  if (issueInstant === null) throw invalid('IssueInstant missing or not an xs:dateTime in UTC');
  const now = context.clock.now().getTime();
  if (issueInstant.getTime() > now + (context.clockSkewMs ?? DEFAULT_SKEW_MS))
    throw invalid('IssueInstant is in the future');
  if (now >= authnRequestRefusedFrom(issueInstant, context).getTime())
    throw invalid('IssueInstant is too old');
  // SAML Core 2.0 §3.2.1: when present, Destination must be the URI the message was sent to.
  const destination = optionalAttr(root, 'Destination');
  if (destination !== undefined && !context.ssoUrls.includes(destination))
    throw invalid('Destination is not this endpoint');
  // SAML Core 2.0 §3.2.1: at most one Issuer. A second one could name another service than the one
  // whose certificates verified the message.
  const issuers = childElements(root).filter((c) => c.namespaceURI === NS.saml && c.localName === 'Issuer');
  if (issuers.length > 1) throw invalid('more than one Issuer');
  const issuerEl = childElement(root, NS.saml, 'Issuer');
  const issuer = issuerEl?.textContent?.trim() ?? '';
  const issuerFormat = issuerEl?.getAttribute('Format');
  if (issuer === '') throw invalid('Issuer missing');
  if (issuerFormat && issuerFormat !== 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity')
    throw invalid('Issuer Format must be entity');
  if (childElement(root, NS.saml, 'Subject') !== null)
    throw invalid('Subject in AuthnRequest is not supported', STATUS.requestUnsupported);

  const acsUrl = optionalAttr(root, 'AssertionConsumerServiceURL');
  const acsIndexText = optionalAttr(root, 'AssertionConsumerServiceIndex');
  const protocolBinding = optionalAttr(root, 'ProtocolBinding');
  // SAML Core 2.0 §3.4.1: the index is mutually exclusive with the URL and ProtocolBinding.
  if (acsIndexText !== undefined && (acsUrl !== undefined || protocolBinding !== undefined)) {
    throw invalid(
      'AssertionConsumerServiceIndex together with AssertionConsumerServiceURL or ProtocolBinding',
    );
  }
  let acsIndex: number | undefined;
  if (acsIndexText !== undefined) {
    if (!/^\d{1,5}$/.test(acsIndexText) || Number(acsIndexText) > 65535)
      throw invalid('AssertionConsumerServiceIndex not an unsignedShort');
    acsIndex = Number(acsIndexText);
  }
  return {
    id,
    issueInstant,
    destination,
    issuer,
    assertionConsumerServiceUrl: acsUrl,
    assertionConsumerServiceIndex: acsIndex,
    protocolBinding,
    forceAuthn: parseBoolean(root, 'ForceAuthn') ?? false,
    isPassive: parseBoolean(root, 'IsPassive') ?? false,
    nameIdPolicy: readNameIdPolicy(root),
    requestedAuthnContext: readRequestedAuthnContext(root),
  };
}

function readNameIdPolicy(root: XmlElementView): AuthnRequest['nameIdPolicy'] {
  const e = childElement(root, NS.samlp, 'NameIDPolicy');
  if (e === null) return undefined;
  return {
    format: optionalAttr(e, 'Format'),
    allowCreate: parseBoolean(e, 'AllowCreate'),
    spNameQualifier: optionalAttr(e, 'SPNameQualifier'),
  };
}

function readRequestedAuthnContext(root: XmlElementView): AuthnRequest['requestedAuthnContext'] {
  const e = childElement(root, NS.samlp, 'RequestedAuthnContext');
  if (e === null) return undefined;
  const comparison = optionalAttr(e, 'Comparison') ?? 'exact';
  if (
    comparison !== 'exact' &&
    comparison !== 'minimum' &&
    comparison !== 'maximum' &&
    comparison !== 'better'
  ) {
    throw invalid('RequestedAuthnContext Comparison not one of exact, minimum, maximum, better');
  }
  const classRefs = childElements(e)
    .filter((c) => c.namespaceURI === NS.saml && c.localName === 'AuthnContextClassRef')
    .map((c) => (c.textContent ?? '').trim())
    .filter((v) => v !== '');
  return { comparison, classRefs };
}

const NCNAME = /^[A-Za-z_][\w.-]{0,255}$/;
/** xs:dateTime in UTC (SAML Core 2.0 §1.3.3 requires UTC, "Z"). */
const DATETIME_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

function parseDateTime(value: string | null): Date | null {
  if (value === null || !DATETIME_UTC.test(value)) return null;
  const d = new Date(value.replace(/(\.\d{3})\d+Z$/, '$1Z'));
  return Number.isNaN(d.getTime()) ? null : d;
}

function optionalAttr(e: XmlElementView, name: string): string | undefined {
  return e.hasAttribute(name) ? (e.getAttribute(name) ?? undefined) : undefined;
}

/** xs:boolean (XML Schema Part 2 §3.2.2): true, false, 1, 0. */
function parseBoolean(e: XmlElementView, name: string): boolean | undefined {
  const v = optionalAttr(e, name);
  if (v === undefined) return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw invalid(`${name} is not an xs:boolean`);
}
