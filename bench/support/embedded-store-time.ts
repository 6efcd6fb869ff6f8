import { PGlite } from '@electric-sql/pglite';

interface SyncEntry {
  execProtocolRawSync(message: Uint8Array): Uint8Array;
}

/**
 * The time Passi's process spends inside the embedded database: every synchronous entry into PGlite
 * (`execProtocolRawSync`, one per protocol message `pg` sends) timed with performance.now(). PGlite
 * runs on the calling thread, so this is CPU of Passi's process, reported apart as PostgreSQL's server
 * CPU is; a time slice the kernel gives another process in the middle of a call counts too, so on a busy
 * machine it reads high. The longest single call is kept too: nothing else runs on Passi's thread meanwhile,
 * so it is a stall every request then waiting sees whole. The calls over `STALL_MS` are counted: each is such a stall.
 */
export const STALL_MS = 10;

export function meterEmbeddedStore(): {
  take(): { ms: number; entries: number; longestMs: number; stalls: number };
} {
  const proto = PGlite.prototype as unknown as SyncEntry;
  const original = proto.execProtocolRawSync;
  let ms = 0;
  let entries = 0;
  let longestMs = 0;
  let stalls = 0;
  proto.execProtocolRawSync = function (this: PGlite, message: Uint8Array) {
    const start = performance.now();
    try {
      return original.call(this, message);
    } finally {
      const took = performance.now() - start;
      ms += took;
      entries++;
      longestMs = Math.max(longestMs, took);
      if (took > STALL_MS) stalls++;
    }
  };
  return {
    take() {
      const taken = { ms, entries, longestMs, stalls };
      ms = 0;
      stalls = 0;
      entries = 0;
      longestMs = 0;
      return taken;
    },
  };
}
