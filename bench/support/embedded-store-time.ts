import type { BackendMessage } from 'pg-protocol/dist/messages.js';
import { PGliteInWorker } from '../../src/store/pglite-worker/pglite-in-worker.ts';
import { PGLITE_THREAD_NAME } from '../../src/store/pglite-worker/worker-messages.ts';
import { threadCpuNs, threadsNamed } from './thread-times.ts';

/** A wait for PGlite's answer longer than this is counted. */
export const STALL_MS = 10;

/**
 * The embedded database's share of Passi: PGlite runs on a thread of its own (named PGLITE_THREAD_NAME,
 * src/store/pglite-worker/), so its CPU is that thread's, from the kernel's scheduler statistics
 * (`schedstat`, first field: nanoseconds on a CPU). Each trip to it is timed from the event loop: a
 * statement sent to the answer parsed, which holds any wait behind the statement before it (one
 * session). The event loop runs meanwhile, so a long wait delays the requests that need the store,
 * not every request.
 */
export function meterEmbeddedStore(): {
  take(): { ms: number; entries: number; longestMs: number; stalls: number };
} {
  const proto = PGliteInWorker.prototype;
  const original = proto.exec;
  let entries = 0;
  let longestMs = 0;
  let stalls = 0;
  proto.exec = async function (this: PGliteInWorker, message: Uint8Array) {
    const start = performance.now();
    const messages: BackendMessage[] = await original.call(this, message);
    const took = performance.now() - start;
    entries++;
    longestMs = Math.max(longestMs, took);
    if (took > STALL_MS) stalls++;
    return messages;
  };
  const pgliteNs = () => threadsNamed(PGLITE_THREAD_NAME).reduce((sum, tid) => sum + threadCpuNs(tid), 0);
  let lastNs = pgliteNs();
  return {
    take() {
      const nowNs = pgliteNs();
      const taken = { ms: (nowNs - lastNs) / 1e6, entries, longestMs, stalls };
      lastNs = nowNs;
      stalls = 0;
      entries = 0;
      longestMs = 0;
      return taken;
    },
  };
}
