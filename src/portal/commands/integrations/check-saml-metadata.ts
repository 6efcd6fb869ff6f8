import { X509Certificate } from 'node:crypto';
import type { Clock } from '../../../core/clock.ts';
import { isPassiError } from '../../../core/errors.ts';
import { createOutboundClient, type FetchLike } from '../../../outbound/outbound-fetch.ts';
import { OUTBOUND_LIMITS } from '../../../outbound/outbound-limits.ts';
import { MAX_METADATA_BYTES, readIdpMetadata } from '../../../protocols/saml/read-idp-metadata.ts';
import { type IntegrationIssue, type IntegrationIssueCode, issue } from './integration-issues.ts';

/** What the school's metadata says, shown after a save so school IT can check it is theirs. */
export interface SamlMetadataPreview {
  entityId: string;
  /** `validUntil` of the metadata (SAML Metadata 2.0 §2.3.2), ISO time. */
  validUntil: string | undefined;
  /** The currently valid signing certificates: SHA-256 fingerprint and expiry (ISO time). */
  certificates: { fingerprint: string; notAfter: string }[];
}

export type SamlMetadataSource =
  | { kind: 'url'; url: string; path: string }
  | { kind: 'xml'; xml: string; path: string };

export interface SamlMetadataCheckDeps {
  clock: Clock;
  /** The transport (tests); default the global fetch. */
  fetch?: FetchLike;
}

/**
 * Reads the school IdP's metadata now, the way logins will use it (src/protocols/saml/read-idp-metadata.ts,
 * through the outbound client's timeout and size cap): a setting that cannot work is refused on save, not
 * at the first pupil's login. Refused: unreachable, larger than 2 MiB, not XML, a DOCTYPE, no signing
 * certificate, only expired certificates, expired metadata, a pinned entity id that differs.
 */
export async function checkSamlMetadata(
  deps: SamlMetadataCheckDeps,
  source: SamlMetadataSource,
  options: { httpsOnly: boolean; expectedEntityId?: string | undefined },
): Promise<{ preview: SamlMetadataPreview } | { issue: IntegrationIssue }> {
  let xml: string;
  if (source.kind === 'url') {
    const fetched = await fetchMetadata(deps, source.url, options.httpsOnly);
    if ('code' in fetched) return { issue: issue(source.path, fetched.code, fetched.message, source.url) };
    xml = fetched.xml;
  } else {
    xml = source.xml;
  }
  if (Buffer.byteLength(xml, 'utf8') > MAX_METADATA_BYTES)
    return { issue: issue(source.path, 'metadata-too-large', 'the metadata is larger than 2 MiB') };
  // A sign-in page or an error page where the metadata should be: the usual wrong address.
  if (/^\s*(<!doctype\s+html|<html)/i.test(xml))
    return {
      issue: issue(
        source.path,
        'metadata-not-xml',
        'the address answered with a web page, not SAML metadata',
      ),
    };
  try {
    const md = readIdpMetadata(xml, {
      now: deps.clock.now(),
      ...(options.expectedEntityId ? { expectedEntityId: options.expectedEntityId } : {}),
    });
    return {
      preview: {
        entityId: md.entityId,
        validUntil: md.validUntil?.toISOString(),
        certificates: md.signingCertificatesPem.map((pem) => {
          const cert = new X509Certificate(pem);
          return { fingerprint: cert.fingerprint256, notAfter: new Date(cert.validTo).toISOString() };
        }),
      },
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { issue: issue(source.path, metadataIssueCode(message), message) };
  }
}

async function fetchMetadata(
  deps: SamlMetadataCheckDeps,
  url: string,
  httpsOnly: boolean,
): Promise<{ xml: string } | { code: IntegrationIssueCode; message: string }> {
  const outbound = createOutboundClient({
    peer: 'the school IdP metadata address',
    limits: OUTBOUND_LIMITS.idpMetadata,
    httpsOnly,
    fetch: deps.fetch,
  });
  try {
    const res = await outbound.send(url, {
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
    });
    if (!res.ok)
      return { code: 'metadata-unreachable', message: `HTTP ${res.status} from the metadata address` };
    return { xml: res.text() };
  } catch (e) {
    const tooLarge = isPassiError(e) && e.detail?.reason === 'too-large';
    return tooLarge
      ? { code: 'metadata-too-large', message: 'the metadata is larger than 2 MiB' }
      : { code: 'metadata-unreachable', message: e instanceof Error ? e.message : String(e) };
  }
}

/** The reader's refusal as one of the texts school IT gets (read-idp-metadata.ts, parse-xml.ts messages). */
function metadataIssueCode(message: string): IntegrationIssueCode {
  if (/larger than/.test(message)) return 'metadata-too-large';
  if (/document type declarations/.test(message)) return 'metadata-doctype';
  if (/not well-formed|root element|not allowed in XML|must be md:EntityDescriptor/.test(message))
    return 'metadata-not-xml';
  if (/no signing certificate/.test(message)) return 'metadata-no-signing-certificate';
  if (/signing certificate has expired/.test(message)) return 'metadata-certificate-expired';
  if (/the metadata expired/.test(message)) return 'metadata-expired';
  return 'metadata-invalid';
}
