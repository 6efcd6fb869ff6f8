/** Key sizes as deployed (read from metadata), and the CPU of the RSA operations a login cannot do without. */
import {
  constants,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  sign,
  verify,
  X509Certificate,
} from 'node:crypto';
import { mainThreadCpuMs } from './thread-times.ts';

/** Modulus bits of the first certificate in a metadata KeyDescriptor of this use (or without a use). */
export function certificateBits(metadataXml: string, use: 'signing' | 'encryption'): number {
  for (const m of metadataXml.matchAll(
    /<(?:md:)?KeyDescriptor([^>]*)>([\s\S]*?)<\/(?:md:)?KeyDescriptor>/g,
  )) {
    const declared = /use="([^"]*)"/.exec(m[1] ?? '')?.[1];
    if (declared !== undefined && declared !== use) continue;
    const b64 = /<(?:ds:)?X509Certificate>([^<]*)</.exec(m[2] ?? '')?.[1];
    if (b64 === undefined) continue;
    const key = new X509Certificate(Buffer.from(b64.replace(/\s/g, ''), 'base64')).publicKey;
    return key.asymmetricKeyDetails?.modulusLength ?? 0;
  }
  throw new Error(`no ${use} certificate in metadata`);
}

export interface RsaCosts {
  sign: number;
  verify: number;
  oaepDecrypt: number;
}

/** The operations run on the main thread: its own CPU where Linux tells it, else the process's. */
function cpuMs(): number {
  const main = mainThreadCpuMs();
  if (main !== undefined) return main;
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/**
 * Measures the mean CPU ms of one RSA-SHA256 signature, verification and RSA-OAEP (SHA-1, MGF1) decryption
 * with a key of `bits`, generated once; each call measures again, so a benchmark can take the costs right
 * before and right after the run they are the baseline of.
 */
export function rsaCostMeter(bits: number): () => RsaCosts {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const data = Buffer.alloc(64, 7);
  const signature = sign('sha256', data, privateKey);
  const wrapped = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING },
    Buffer.alloc(32, 1),
  );
  const time = (n: number, f: (k: KeyObject) => unknown, k: KeyObject) => {
    for (let i = 0; i < 20; i++) f(k);
    const c0 = cpuMs();
    for (let i = 0; i < n; i++) f(k);
    return (cpuMs() - c0) / n;
  };
  return () => ({
    sign: time(300, (k) => sign('sha256', data, k), privateKey),
    verify: time(2000, (k) => verify('sha256', data, k, signature), publicKey),
    oaepDecrypt: time(
      300,
      (k) => privateDecrypt({ key: k, padding: constants.RSA_PKCS1_OAEP_PADDING }, wrapped),
      privateKey,
    ),
  });
}

/**
 * One meter per key size, each key generated once: `meter(bits)()` measures the costs with a key of that
 * size now, as often as a benchmark asks.
 */
export function rsaCostMeters(): (bits: number) => () => RsaCosts {
  const meters = new Map<number, () => RsaCosts>();
  return (bits) => {
    let m = meters.get(bits);
    if (!m) {
      m = rsaCostMeter(bits);
      meters.set(bits, m);
    }
    return m;
  };
}
