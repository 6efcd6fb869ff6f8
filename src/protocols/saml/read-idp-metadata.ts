/**
 * Reads and validates one school IdP's SAML metadata (SAML Metadata 2.0 §2.3.2 EntityDescriptor, §2.4.3
 * IDPSSODescriptor): entity id, signing certificates (KeyDescriptor use="signing" or without `use`),
 * SingleSignOnService endpoints, `validUntil` and `cacheDuration` (§1.2.2). Refused: expired metadata,
 * no currently valid signing certificate, no SSO endpoint. Certificates are the only trust anchors the SP
 * uses (SAML Metadata 2.0 §2.4.1: trust anchors come only from verified metadata).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, PassiError } from '../../core/errors.ts';
import { BINDING, NS } from './namespaces.ts';
import { parseXml } from './parse-xml.ts';
import { childElement, childElements } from './xml-dom.ts';
import type { XmlElementView } from './xml-view.ts';

export interface IdpMetadata {
  readonly entityId: string;
  /** PEM certificates, currently valid ones only (several during a rollover). */
  readonly signingCertificatesPem: readonly string[];
  /** SHA-256 fingerprints (hex, colon-separated) of the signing certificates. */
  readonly fingerprints: readonly string[];
  readonly ssoRedirectUrl: string | undefined;
  readonly ssoPostUrl: string | undefined;
  readonly validUntil: Date | undefined;
  /** `cacheDuration` in seconds (xs:duration), when present. */
  readonly cacheDurationSeconds: number | undefined;
  /** The earliest `notAfter` of the signing certificates (for expiry warnings). */
  readonly certificatesNotAfter: Date | undefined;
}

export interface ReadIdpMetadataOptions {
  readonly now: Date;
  /** The entity id the integration expects (pinned); any when absent. */
  readonly expectedEntityId?: string;
  /** Allow plain-http endpoints on loopback hosts (development and tests). Default true. */
  readonly allowLoopbackHttp?: boolean;
  readonly maxBytes?: number;
}

/** Federation metadata files (Entra's is ~ 60 KB with its WS-Fed role descriptors) stay well below this. */
export const MAX_METADATA_BYTES = 2 * 1024 * 1024;

export function readIdpMetadata(xml: string, options: ReadIdpMetadataOptions): IdpMetadata {
  const doc = parseMetadataXml(xml, options.maxBytes ?? MAX_METADATA_BYTES);
  const root = doc.documentElement;
  if (root === null || root.namespaceURI !== NS.md || root.localName !== 'EntityDescriptor')
    throw invalid('the root element must be md:EntityDescriptor');
  const entityId = root.getAttribute('entityID') ?? '';
  if (entityId === '' || entityId.length > 1024) throw invalid('entityID is missing');
  if (options.expectedEntityId !== undefined && options.expectedEntityId !== entityId)
    throw invalid(`entityID ${entityId} is not the configured ${options.expectedEntityId}`);

  const validUntil = optionalInstant(root.getAttribute('validUntil'), 'validUntil');
  if (validUntil !== undefined && validUntil.getTime() <= options.now.getTime())
    throw invalid(`the metadata expired at ${validUntil.toISOString()}`);
  const cacheDurationSeconds = optionalDuration(root.getAttribute('cacheDuration'));

  const idps = childElements(root).filter(
    (e) => e.namespaceURI === NS.md && e.localName === 'IDPSSODescriptor',
  );
  const idp = idps[0];
  if (idps.length !== 1 || idp === undefined) throw invalid('exactly one IDPSSODescriptor required');
  if (!(idp.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/).includes(NS.samlp))
    throw invalid('the IDPSSODescriptor does not support SAML 2.0');

  const certs: X509Certificate[] = [];
  for (const kd of childElements(idp)) {
    if (kd.namespaceURI !== NS.md || kd.localName !== 'KeyDescriptor') continue;
    const use = kd.getAttribute('use') ?? '';
    if (use !== '' && use !== 'signing') continue;
    for (const text of x509Texts(kd)) {
      try {
        certs.push(new X509Certificate(Buffer.from(text.replace(/\s+/g, ''), 'base64')));
      } catch (cause) {
        fail(ErrorCodes.UPSTREAM_CONFIG_INVALID, 'IdP metadata: a signing certificate is not valid X.509', {
          cause,
        });
      }
    }
  }
  if (certs.length === 0) throw invalid('no signing certificate');
  const now = options.now.getTime();
  const current = certs.filter((c) => Date.parse(c.validFrom) <= now && now < Date.parse(c.validTo));
  if (current.length === 0) throw invalid('every signing certificate has expired (or is not yet valid)');
  const unique = [...new Map(current.map((c) => [c.fingerprint256, c])).values()];

  const allowHttp = options.allowLoopbackHttp ?? true;
  const sso = (binding: string) => {
    for (const s of childElements(idp)) {
      if (s.namespaceURI !== NS.md || s.localName !== 'SingleSignOnService') continue;
      if (s.getAttribute('Binding') !== binding) continue;
      return checkedUrl(s.getAttribute('Location') ?? '', allowHttp);
    }
    return undefined;
  };
  const ssoRedirectUrl = sso(BINDING.redirect);
  const ssoPostUrl = sso(BINDING.post);
  if (ssoRedirectUrl === undefined && ssoPostUrl === undefined)
    throw invalid('no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding');

  const notAfter = Math.min(...unique.map((c) => Date.parse(c.validTo)));
  return {
    entityId,
    signingCertificatesPem: unique.map((c) => c.toString()),
    fingerprints: unique.map((c) => c.fingerprint256),
    ssoRedirectUrl,
    ssoPostUrl,
    validUntil,
    cacheDurationSeconds,
    certificatesNotAfter: new Date(notAfter),
  };
}

/** SHA-256 of the metadata bytes as stored (shown to admins next to the source). */
export function metadataDigest(xml: string): string {
  return createHash('sha256').update(xml, 'utf8').digest('hex');
}

function x509Texts(keyDescriptor: XmlElementView): string[] {
  const keyInfo = childElement(keyDescriptor, NS.ds, 'KeyInfo');
  if (keyInfo === null) return [];
  const out: string[] = [];
  for (const data of childElements(keyInfo)) {
    if (data.namespaceURI !== NS.ds || data.localName !== 'X509Data') continue;
    for (const c of childElements(data)) {
      if (c.namespaceURI === NS.ds && c.localName === 'X509Certificate') out.push(c.textContent ?? '');
    }
  }
  return out;
}

function checkedUrl(value: string, allowLoopbackHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`SingleSignOnService Location is not a URL: ${value.slice(0, 200)}`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  // https only (loopback http for development and tests).
  if (url.protocol !== 'https:' && !(allowLoopbackHttp && loopback && url.protocol === 'http:'))
    throw invalid(`SingleSignOnService Location must be https: ${url.origin}`);
  return url.toString();
}

function optionalInstant(value: string | null, name: string): Date | undefined {
  if (value === null || value === '') return undefined;
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(t)) throw invalid(`${name} is not a date-time`);
  return new Date(t);
}

/** xs:duration subset used in metadata (PnYnMnDTnHnMnS); months and years approximated. */
function optionalDuration(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    value,
  );
  if (m === null || value === 'P' || value.endsWith('T'))
    throw invalid('cacheDuration is not an xs:duration');
  const n = (i: number) => Number(m[i] ?? 0);
  return n(1) * 365 * 86_400 + n(2) * 30 * 86_400 + n(3) * 86_400 + n(4) * 3600 + n(5) * 60 + n(6);
}

/**
 * Metadata the integration cannot work with is the school's side (its settings), never the service's
 * request: one code whatever is wrong with it, so the person sees the school-metadata page.
 */
function invalid(reason: string): PassiError {
  return new PassiError(ErrorCodes.UPSTREAM_CONFIG_INVALID, `IdP metadata rejected: ${reason}`, {
    detail: { reason },
  });
}

/** Not well-formed, too large or with a DTD: the same refusal as any other unusable metadata. */
function parseMetadataXml(xml: string, maxBytes: number): ReturnType<typeof parseXml> {
  try {
    return parseXml(xml, { maxBytes });
  } catch (cause) {
    fail(
      ErrorCodes.UPSTREAM_CONFIG_INVALID,
      `IdP metadata rejected: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause, detail: { reason: 'not usable XML' } },
    );
  }
}
