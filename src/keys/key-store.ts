import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';
import { generateKeyAndCertificate, type KeyType } from '../protocols/saml/keys.ts';
import type { Db } from '../store/database.ts';
import type { SecretBox } from '../store/secret-box.ts';
import { waitForAdvisoryLock } from '../store/wait-for-advisory-lock.ts';

export type KeyUse = 'saml-sig' | 'saml-enc' | 'oidc-sig';

export interface PassiKey {
  kid: string;
  use: KeyUse;
  /** JOSE algorithm family: RS256 (RSA) or ES256 (EC P-256). */
  alg: 'RS256' | 'ES256';
  state: 'next' | 'active' | 'retired';
  privateKeyPem: string;
  certificatePem: string;
  notAfter: Date;
}

export interface KeySet {
  keys: PassiKey[];
  /** The active key that signs SAML assertions and metadata (PASSI_SIGNING_KEY_TYPE). */
  samlSigning: PassiKey;
  /** The active RSA key schools' IdPs encrypt assertions to (Passi as SAML SP). */
  samlEncryption: PassiKey;
  /** OIDC signing keys (RS256 and ES256), active and next, for the JWKS. */
  oidcSigning: PassiKey[];
}

/** Lock id for key generation, so nodes starting at once generate one set. */
const KEYGEN_LOCK = 7_311_001;

/**
 * Ensures an active key of each needed kind exists, generating missing ones (private keys stored
 * encrypted), and returns all keys. Separate keys for SAML signing, SAML decryption and OIDC signing
 * (docs/operations.md "Keys"); several keys per use may exist (next, active, retired) so rollover needs no
 * schema change. OIDC signs with RS256 and ES256. Nodes starting at once on an empty database take turns
 * under an advisory lock, and each generates only what it still finds missing.
 */
export async function ensureKeys(
  db: Db,
  box: SecretBox,
  options: { signingKeyType: KeyType; commonName: string; now?: Date },
): Promise<KeySet> {
  const rsaType: KeyType = options.signingKeyType === 'ec-p256' ? 'rsa-3072' : options.signingKeyType;
  const wanted: { use: KeyUse; type: KeyType }[] = [
    { use: 'saml-sig', type: options.signingKeyType },
    { use: 'saml-enc', type: rsaType },
    { use: 'oidc-sig', type: rsaType },
    { use: 'oidc-sig', type: 'ec-p256' },
  ];
  const algOf = (type: KeyType) => (type === 'ec-p256' ? 'ES256' : 'RS256');
  const missingIn = (existing: { use: string; alg: string }[]) =>
    wanted.filter((w) => !existing.some((k) => k.use === w.use && k.alg === algOf(w.type)));
  const activeKeys = (q: Db) =>
    q.selectFrom('signing_key').select(['use', 'alg']).where('state', '=', 'active').execute();
  // Generating RSA keys takes seconds on a busy machine: it happens before the lock is taken, so nodes
  // starting at once hold the lock only for the inserts; the lock then decides whose keys are kept.
  const generated = new Map(
    missingIn(await activeKeys(db)).map((w) => [
      `${w.use}/${algOf(w.type)}`,
      generateKeyAndCertificate({ type: w.type, commonName: options.commonName, now: options.now }),
    ]),
  );
  if (generated.size === 0) return loadKeys(db, box, options.signingKeyType);
  await db.transaction().execute(async (tx) => {
    await waitForAdvisoryLock(tx, KEYGEN_LOCK, 'xact', 'key generation');
    for (const w of missingIn(await activeKeys(tx))) {
      const alg = algOf(w.type);
      const key =
        generated.get(`${w.use}/${alg}`) ??
        generateKeyAndCertificate({ type: w.type, commonName: options.commonName, now: options.now });
      const cert = new X509Certificate(key.certificatePem);
      const kid = keyId(key.certificatePem);
      await tx
        .insertInto('signing_key')
        .values({
          kid,
          use: w.use,
          alg,
          state: 'active',
          public_pem: createPublicKey(key.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString(),
          certificate_pem: key.certificatePem,
          private_encrypted: box.seal(key.privateKeyPem, `key:${kid}`),
          not_after: new Date(cert.validTo),
        })
        .execute();
    }
  });
  return loadKeys(db, box, options.signingKeyType);
}

export async function loadKeys(db: Db, box: SecretBox, signingKeyType: KeyType): Promise<KeySet> {
  const rows = await db.selectFrom('signing_key').selectAll().orderBy('created_at').execute();
  const keys: PassiKey[] = rows.map((r) => ({
    kid: r.kid,
    use: r.use,
    alg: r.alg === 'ES256' ? 'ES256' : 'RS256',
    state: r.state,
    privateKeyPem: box.open(r.private_encrypted, `key:${r.kid}`),
    certificatePem: r.certificate_pem,
    notAfter: new Date(r.not_after),
  }));
  const samlAlg = signingKeyType === 'ec-p256' ? 'ES256' : 'RS256';
  const samlSigning = keys.find((k) => k.use === 'saml-sig' && k.state === 'active' && k.alg === samlAlg);
  const samlEncryption = keys.find((k) => k.use === 'saml-enc' && k.state === 'active');
  const oidcSigning = keys.filter((k) => k.use === 'oidc-sig' && k.state !== 'retired');
  if (!samlSigning || !samlEncryption || oidcSigning.length === 0) {
    fail(ErrorCodes.KEY_NOT_FOUND, 'missing an active SAML signing, SAML encryption or OIDC signing key');
  }
  return { keys, samlSigning, samlEncryption, oidcSigning };
}

/** Key id = base64url SHA-256 of the certificate DER, shortened: unique and stable. */
function keyId(certificatePem: string): string {
  const der = new X509Certificate(certificatePem).raw;
  return createHash('sha256').update(der).digest('base64url').slice(0, 22);
}

/** Certificates to publish for a use (metadata, trust): every key not retired, so `next` keys are seen first. */
export function liveCertificates(keys: KeySet, use: KeyUse): string[] {
  return keys.keys.filter((k) => k.use === use && k.state !== 'retired').map((k) => k.certificatePem);
}
