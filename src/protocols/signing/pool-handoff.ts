import type { KeyObject } from 'node:crypto';

/**
 * The smallest RSA key whose private-key operations on the login path go to libuv's thread pool.
 *
 * Handing a job to the pool and back costs CPU of its own: waking a pool thread, switching to it, and
 * signalling the event loop when it is done. On this project's machine that was ≈ 0.04 ms per RSA-2048
 * signature alone and ≈ 0.1 ms in the proxied-login benchmark, where two cores are shared by three busy
 * processes; WebCrypto's RSA-OAEP decryption costs about 0.1 ms more through the pool. An RSA-2048
 * operation itself takes ≈ 0.25 ms, so the handoff adds up to 40 % to it to free the loop for a quarter of
 * a millisecond. An RSA-3072 operation, production's default key, takes ≈ 1.7 ms: there the loop gains
 * that much per operation for a handoff that is lost in it. EC keys sign in tens of microseconds and stay
 * on the loop. (docs/performance.md "Decryption off the event loop", "Small keys' signatures on the
 * event loop".)
 */
const POOL_MIN_BITS = 3072;

/** Whether an operation with `privateKey` is worth running on libuv's pool rather than on the event loop. */
export function worthThePoolHandoff(privateKey: KeyObject): boolean {
  return (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) >= POOL_MIN_BITS;
}
