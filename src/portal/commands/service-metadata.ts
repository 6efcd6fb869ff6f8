import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { createOutboundClient } from '../../outbound/outbound-fetch.ts';
import {
  MAX_SP_METADATA_BYTES,
  readSpMetadata,
  type SpMetadata,
} from '../../protocols/saml/read-sp-metadata.ts';

export interface MetadataSource {
  metadataUrl?: string | undefined;
  metadataXml?: string | undefined;
}

const METADATA_CODES = {
  unreachable: ErrorCodes.PORTAL_SERVICE_METADATA_INVALID,
  failed: ErrorCodes.PORTAL_SERVICE_METADATA_INVALID,
  invalid: ErrorCodes.PORTAL_SERVICE_METADATA_INVALID,
  config: ErrorCodes.PORTAL_SERVICE_METADATA_INVALID,
};

/**
 * The service's SAML metadata, uploaded or fetched now through the outbound client (timeout, size cap, no
 * redirects). The address is the service provider's input: https only, except where Passi itself runs on
 * plain http (development and tests), so a portal user cannot make Passi fetch plain-http addresses in
 * production.
 */
export async function loadSpMetadata(
  source: MetadataSource,
  options: { now: Date; allowHttp: boolean },
): Promise<SpMetadata> {
  const given = [source.metadataUrl, source.metadataXml].filter((v) => v !== undefined && v.trim() !== '');
  if (given.length !== 1)
    fail(ErrorCodes.REQUEST_INVALID, 'give the metadata address or the metadata XML (one of them)');
  if (source.metadataXml?.trim()) return readSpMetadata(source.metadataXml, options.now);
  const url = (source.metadataUrl ?? '').trim();
  if (!URL.canParse(url)) fail(ErrorCodes.REQUEST_INVALID, 'the metadata address is not a URL');
  const outbound = createOutboundClient({
    peer: 'the service’s metadata address',
    limits: { timeoutMs: 10_000, maxBytes: MAX_SP_METADATA_BYTES },
    httpsOnly: !options.allowHttp,
    codes: METADATA_CODES,
    expose: true,
  });
  return readSpMetadata(await outbound.text(url), options.now);
}
