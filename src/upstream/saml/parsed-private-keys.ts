/**
 * Passi's SP private keys (AuthnRequest signing, assertion decryption) parsed into key objects once per
 * key, not per login: parsing a PEM private key costs more than the RSA operation it serves
 * (docs/performance.md "Proxied login"). Keys rotate rarely; the map is emptied when it grows past a few
 * entries, so retired keys do not accumulate.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';

const MAX_KEYS = 8;

export type ParsedPrivateKeys = (pem: string) => KeyObject;

export function createParsedPrivateKeys(): ParsedPrivateKeys {
  const parsed = new Map<string, KeyObject>();
  return (pem) => {
    const known = parsed.get(pem);
    if (known !== undefined) return known;
    if (parsed.size >= MAX_KEYS) parsed.clear();
    const key = createPrivateKey(pem);
    parsed.set(pem, key);
    return key;
  };
}
