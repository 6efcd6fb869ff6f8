/**
 * HTTP-Redirect binding query handling and signature verification (SAML Bindings 2.0 §3.4.4.1).
 *
 * The signature covers `SAMLRequest=<v>[&RelayState=<v>]&SigAlg=<v>` built from the parameter values
 * exactly as they appear in the received query string — never re-encoded, since URL-encoding is not
 * canonical and a re-encoded string is not what the service signed. SigAlg is allow-listed (the sender
 * cannot downgrade to a weak algorithm; SAML Bindings 2.0 §3.4.4.1); keys come only from the service's
 * registered certificates, never from the message.
 */
import { verify, X509Certificate } from 'node:crypto';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import { ALG } from './namespaces.ts';

export interface RedirectQuery {
  /** Which message the query carries. */
  readonly messageParam: 'SAMLRequest' | 'SAMLResponse';
  /** URL-decoded message value (base64 of DEFLATE), for `decodeRedirectMessage`. */
  readonly message: string;
  readonly relayState?: string;
  readonly sigAlg?: string;
  /** URL-decoded base64 signature value. */
  readonly signature?: string;
  /** The octets the signature covers, from the raw query (§3.4.4.1). */
  readonly signedOctets?: string;
}

const HASH_FOR_SIGALG: Readonly<Record<string, { hash: string; key: 'rsa' | 'ec' }>> = {
  [ALG.rsaSha256]: { hash: 'sha256', key: 'rsa' },
  [ALG.rsaSha384]: { hash: 'sha384', key: 'rsa' },
  [ALG.rsaSha512]: { hash: 'sha512', key: 'rsa' },
  [ALG.ecdsaSha256]: { hash: 'sha256', key: 'ec' },
  [ALG.ecdsaSha384]: { hash: 'sha384', key: 'ec' },
  [ALG.ecdsaSha512]: { hash: 'sha512', key: 'ec' },
};

const SAML_PARAMS = new Set(['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature']);

/** Splits the raw query string (without `?`), keeping raw values for the signed octets. */
export function parseRedirectQuery(rawQuery: string): RedirectQuery {
  const raw = new Map<string, string>();
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    if (!SAML_PARAMS.has(name)) continue; // e.g. MPASSid's `lang=fi`, which is not signed
    if (raw.has(name)) throw invalid(`duplicate ${name} parameter`);
    raw.set(name, eq < 0 ? '' : part.slice(eq + 1));
  }
  const request = raw.get('SAMLRequest');
  const response = raw.get('SAMLResponse');
  if ((request === undefined) === (response === undefined))
    throw invalid('exactly one of SAMLRequest, SAMLResponse required');
  const messageParam = request !== undefined ? 'SAMLRequest' : 'SAMLResponse';
  const rawMessage = request ?? response ?? '';
  const rawRelay = raw.get('RelayState');
  const rawSigAlg = raw.get('SigAlg');
  const rawSignature = raw.get('Signature');
  if ((rawSigAlg === undefined) !== (rawSignature === undefined))
    throw invalid('SigAlg and Signature must come together');
  return {
    messageParam,
    message: decodeBase64Param(rawMessage),
    relayState: rawRelay === undefined ? undefined : decodeTextParam(rawRelay),
    sigAlg: rawSigAlg === undefined ? undefined : decodeTextParam(rawSigAlg),
    signature: rawSignature === undefined ? undefined : decodeBase64Param(rawSignature),
    signedOctets:
      rawSigAlg === undefined
        ? undefined
        : `${messageParam}=${rawMessage}${rawRelay === undefined ? '' : `&RelayState=${rawRelay}`}&SigAlg=${rawSigAlg}`,
  };
}

/**
 * Verifies the query's signature with one of `certificatesPem` (the service's registered signing
 * certificates). Throws SIGNATURE_REQUIRED when unsigned, SIGNATURE_INVALID otherwise.
 */
export function verifyRedirectSignature(query: RedirectQuery, certificatesPem: readonly string[]): void {
  if (query.signature === undefined || query.sigAlg === undefined || query.signedOctets === undefined) {
    throw new PassiError(ErrorCodes.SIGNATURE_REQUIRED, 'the request must be signed');
  }
  const alg = HASH_FOR_SIGALG[query.sigAlg];
  if (alg === undefined) throw badSignature(`SigAlg ${query.sigAlg} is not allowed`);
  if (certificatesPem.length === 0) throw badSignature('no registered signing certificate'); // fail closed
  const data = Buffer.from(query.signedOctets, 'utf8');
  const signature = Buffer.from(query.signature, 'base64');
  for (const pem of certificatesPem) {
    const key = new X509Certificate(pem).publicKey;
    if (key.asymmetricKeyType !== alg.key) continue;
    if (alg.key === 'rsa' && verify(alg.hash, data, key, signature)) return;
    // XML-DSig 1.1 §6.4.3 encodes ECDSA as r || s; some signers send DER, both are unambiguous.
    if (
      alg.key === 'ec' &&
      (verifyEc(alg.hash, data, key, signature, 'ieee-p1363') ||
        verifyEc(alg.hash, data, key, signature, 'der'))
    )
      return;
  }
  throw badSignature('signature does not verify with any registered certificate');
}

function verifyEc(
  hash: string,
  data: Buffer,
  key: X509Certificate['publicKey'],
  sig: Buffer,
  dsaEncoding: 'der' | 'ieee-p1363',
): boolean {
  try {
    return verify(hash, data, { key, dsaEncoding }, sig);
  } catch {
    return false;
  }
}

/** SAML Bindings §3.4.4.1 values are URL-encoded; base64 never holds spaces, so a raw `+` is kept. */
function decodeBase64Param(raw: string): string {
  return safeDecode(raw);
}

/** application/x-www-form-urlencoded text: `+` is a space. */
function decodeTextParam(raw: string): string {
  return safeDecode(raw.replace(/\+/g, '%20'));
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch (cause) {
    throw new PassiError(ErrorCodes.REQUEST_INVALID, 'malformed URL encoding in the query', { cause });
  }
}

function invalid(reason: string): PassiError {
  return new PassiError(ErrorCodes.REQUEST_INVALID, `invalid HTTP-Redirect query: ${reason}`, {
    detail: { reason },
  });
}

function badSignature(reason: string): PassiError {
  return new PassiError(ErrorCodes.SIGNATURE_INVALID, `request signature rejected: ${reason}`, {
    detail: { reason },
  });
}
