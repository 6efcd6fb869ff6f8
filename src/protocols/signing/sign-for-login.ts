import { KeyObject, type SignKeyObjectInput, sign } from 'node:crypto';
import { worthThePoolHandoff } from './pool-handoff.ts';

/**
 * A signature on the login path, RSA PKCS#1 v1.5 or ECDSA with SHA-256: the SAML assertion, the AuthnRequest
 * to a school and the OIDC ID token (RS256, ES256).
 *
 * With a key large enough to be worth the handoff (pool-handoff.ts: RSA of 3072 bits or more, production's
 * default), node:crypto's `sign` with a callback runs the private-key operation on libuv's thread pool
 * (Node.js, "crypto.sign(algorithm, data, key[, callback])"): the login that asked waits as long as
 * before, the requests queued behind it do not (docs/performance.md "Signatures off the event loop").
 * A smaller key signs on the event loop: its operation is short, and the handoff would add up to 40 % to
 * its CPU (docs/performance.md "Small keys' signatures on the event loop"). The signature is the same
 * either way.
 */
export async function signForLogin(data: Buffer, key: KeyObject | SignKeyObjectInput): Promise<Buffer> {
  if (!worthThePoolHandoff(key instanceof KeyObject ? key : key.key)) return sign('sha256', data, key);
  return new Promise((resolve, reject) => {
    sign('sha256', data, key, (error, signature) => (error ? reject(error) : resolve(signature)));
  });
}
