/**
 * Key pair + self-signed X.509 certificate generation for the key store and for tests.
 *
 * Node 20 has no API to create certificates, and no X.509 library is a direct dependency, so this writes
 * the DER of a minimal v3 certificate itself (RFC 5280 §4.1): SAML peers use the certificate only as a
 * carrier of the public key (SAML Metadata §2.4.1.1, saml2int), so subject CN, validity and SPKI suffice.
 * A TLS server certificate for tests (a fake school server on https) also needs the host names in a
 * subjectAltName extension: TLS clients match the host against it, not the CN (RFC 6125 §6.4.4).
 */
import { generateKeyPairSync, type KeyObject, randomBytes, sign, X509Certificate } from 'node:crypto';

export type KeyType = 'rsa-2048' | 'rsa-3072' | 'ec-p256';

export interface GenerateKeyOptions {
  readonly type?: KeyType;
  readonly commonName: string;
  /** Default 3650 days: SAML trusts the key, not the certificate's dates; rollover is by metadata. */
  readonly validDays?: number;
  readonly now?: Date;
  /** Host names for a subjectAltName extension (RFC 5280 §4.2.1.6); default none (SAML keys need none). */
  readonly dnsNames?: readonly string[];
}

export interface GeneratedKey {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

export function generateKeyAndCertificate(options: GenerateKeyOptions): GeneratedKey {
  const type = options.type ?? 'rsa-2048';
  const { privateKey, publicKey } =
    type === 'ec-p256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: type === 'rsa-3072' ? 3072 : 2048 });
  const der = selfSignedCertificateDer(privateKey, publicKey, options);
  const certificatePem = new X509Certificate(der).toString();
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certificatePem };
}

// OIDs: RFC 8017 A.2.4 sha256WithRSAEncryption, RFC 5758 §3.2 ecdsa-with-SHA256, X.520 commonName.
const OID_SHA256_RSA = '1.2.840.113549.1.1.11';
const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const OID_CN = '2.5.4.3';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';

function selfSignedCertificateDer(
  privateKey: KeyObject,
  publicKey: KeyObject,
  o: GenerateKeyOptions,
): Buffer {
  const isRsa = privateKey.asymmetricKeyType === 'rsa';
  const algorithm = isRsa ? seq(oid(OID_SHA256_RSA), Buffer.from([0x05, 0x00])) : seq(oid(OID_ECDSA_SHA256));
  const name = seq(set(seq(oid(OID_CN), tlv(0x0c, Buffer.from(o.commonName, 'utf8')))));
  const now = o.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + (o.validDays ?? 3650) * 86_400_000);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // RFC 5280 §4.1.2.2: positive, at most 20 octets
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))), // version v3
    integer(serial),
    algorithm,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    ...extensions(o.dnsNames ?? []),
  );
  // X.509 signatures are DER-encoded (ECDSA-Sig-Value), unlike XML-DSig's r || s.
  const signature = sign('sha256', tbs, privateKey);
  return seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

/** `[3] Extensions` with a subjectAltName of dNSName entries ([2] IA5String), or nothing. RFC 5280 §4.1, §4.2.1.6. */
function extensions(dnsNames: readonly string[]): Buffer[] {
  if (dnsNames.length === 0) return [];
  const names = seq(...dnsNames.map((n) => tlv(0x82, Buffer.from(n, 'ascii'))));
  return [tlv(0xa3, seq(seq(oid(OID_SUBJECT_ALT_NAME), tlv(0x04, names))))];
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

function seq(...parts: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(parts));
}

function set(...parts: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(parts));
}

function integer(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length - 1 && unsigned[i] === 0) i++;
  const body = unsigned.subarray(i);
  return tlv(0x02, (body[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body);
}

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [a * 40 + b];
  for (const v of rest) {
    const chunk = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) chunk.unshift((x & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
function time(d: Date): Buffer {
  const iso = d
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d{3}/, '');
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii'))
    : tlv(0x18, Buffer.from(iso, 'ascii'));
}
