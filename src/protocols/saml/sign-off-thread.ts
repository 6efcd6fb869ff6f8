import { type KeyObject, type SignKeyObjectInput, sign } from 'node:crypto';

/**
 * A signature made on libuv's thread pool: node:crypto's `sign` with a callback runs there (Node.js,
 * "crypto.sign(algorithm, data, key[, callback])"), so the event loop serves other requests while an RSA
 * private-key operation (≈ 0.25 ms for RSA-2048, ≈ 1.7 ms for RSA-3072 on this project's machine) runs.
 * The login that asked waits as long as before; the requests queued behind it do not
 * (docs/performance.md "Signatures off the event loop").
 */
export function signOffThread(data: Buffer, key: KeyObject | SignKeyObjectInput): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    sign('sha256', data, key, (error, signature) => (error ? reject(error) : resolve(signature)));
  });
}
