/** What the event loop asks of the PGlite worker (pglite-worker-main.ts), one request at a time per id. */
export type WorkerRequest =
  | { type: 'exec'; id: number; bytes: Uint8Array }
  | { type: 'dump'; id: number }
  | { type: 'close'; id: number };

/** The worker's answers: `ready` or `open-failed` once, then one `reply` per request, in order. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string }
  | { type: 'reply'; id: number; bytes?: Uint8Array; dump?: ArrayBuffer; error?: string };

/** Where and how the worker opens PGlite (its workerData). */
export interface WorkerStart {
  dataDir: string;
  startParams: string[];
}

/** The name PGlite's thread gives itself on Linux (at most 15 characters, proc(5) "comm"). */
export const PGLITE_THREAD_NAME = 'passi-pglite';
