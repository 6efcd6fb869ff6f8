import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BackendMessage, NotificationResponseMessage } from 'pg-protocol/dist/messages.js';
import { Parser } from 'pg-protocol/dist/parser.js';
import type { PGliteSession } from '../pglite-pg-connection.ts';
import type { WorkerReply, WorkerRequest, WorkerStart } from './worker-messages.ts';

/** The message of every error after the worker stopped; isStoreUnavailable() knows it (a 503, not a 500). */
export const EMBEDDED_STORE_STOPPED = 'embedded store stopped';

/** Sync 'S' and Query 'Q': PostgreSQL ends its answer to each with ReadyForQuery (53.2.2, 53.2.3). */
const SYNC = 0x53;
const QUERY = 0x51;

type Reply = Extract<WorkerReply, { type: 'reply' }>;

const WORKER_ENTRY = new URL('./pglite-worker.mjs', import.meta.url);

/**
 * PGlite in a worker thread, seen from the event loop as the session `pg`'s connection to it needs
 * (pglite-pg-connection.ts), plus notifications, a dump and close. The event loop keeps only the parsing
 * of PGlite's answers (docs/performance.md "PGlite on a thread of its own").
 */
export class PGliteInWorker implements PGliteSession {
  readonly waitReady: Promise<void>;
  /** Resolves with the reason if the worker stops other than through close(). */
  readonly stopped: Promise<Error>;
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (reply: Reply) => void; reject: (e: Error) => void }>();
  readonly #parser = new Parser();
  readonly #listeners = new Set<(channel: string) => void>();
  #nextId = 1;
  #failure: Error | undefined;
  #closing = false;
  readonly #dataDir: string;
  #failOpen: (e: Error) => void = () => {};
  #stop: (e: Error) => void = () => {};

  /** `entry`: the worker's script; tests give one that stops on purpose. */
  constructor(start: WorkerStart, entry: URL = WORKER_ENTRY) {
    // Opening keeps the process alive; once open, only a request in flight does (#request, #settle): an
    // idle store must not hold a process that has nothing else left to do.
    this.#worker = new Worker(entry, { workerData: start });
    this.#dataDir = start.dataDir;
    let ready: () => void = () => {};
    this.waitReady = new Promise<void>((resolve, reject) => {
      ready = resolve;
      this.#failOpen = reject;
    });
    this.stopped = new Promise<Error>((resolve) => {
      this.#stop = resolve;
    });
    this.#worker.on('message', (message: WorkerReply) => {
      if (message.type === 'ready') {
        if (this.#pending.size === 0) this.#worker.unref();
        ready();
      } else if (message.type === 'open-failed')
        this.#failOpen(
          new Error(`the embedded store could not be opened in ${start.dataDir}: ${message.message}`),
        );
      else this.#settle(message);
    });
    this.#worker.on('error', (e) => this.#fail(e));
    this.#worker.on('exit', (code) => this.#fail(new Error(`worker exited with code ${code}`)));
    // Before a first query, an open that failed is reported by the opener (openPGliteInWorker).
    this.waitReady.catch(() => {});
  }

  /** One batch of frontend messages, answered with every backend message PostgreSQL sent for it. */
  async exec(bytes: Uint8Array): Promise<BackendMessage[]> {
    // A copy of its own is handed over: the caller's bytes may share memory with other buffers (Node's
    // Buffer pool, pg-protocol's constant messages).
    const own = new Uint8Array(bytes);
    const answersReadyForQuery = endsWithSyncOrQuery(own);
    const reply = await this.#request({ type: 'exec', id: 0, bytes: own }, [own.buffer]).catch(
      (e: unknown) => {
        // SQL errors come back as answers; PGlite throwing (WebAssembly trapped, memory exhausted) leaves
        // it in no state to go on.
        if (!this.#failure)
          this.#end(new Error(`PGlite failed: ${e instanceof Error ? e.message : String(e)}`));
        throw this.#failure ?? e;
      },
    );
    const messages: BackendMessage[] = [];
    const answer = reply.bytes ?? new Uint8Array(0);
    this.#parser.parse(Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength), (m) => {
      messages.push(m);
      if (m.name === 'notification') {
        const { channel } = m as NotificationResponseMessage;
        // As PGlite does in its own process: listeners run after the statement's answer is handled.
        for (const listener of this.#listeners) queueMicrotask(() => listener(channel));
      }
    });
    if (answersReadyForQuery) this.#ensureSessionGoesOn(messages);
    return messages;
  }

  /**
   * After a PANIC, PostgreSQL in PGlite answers with an error and never again with ReadyForQuery, where a
   * server would have ended the connection: `pg` would wait for ever. The session is over; so is the store.
   */
  #ensureSessionGoesOn(messages: BackendMessage[]): void {
    if (messages.at(-1)?.name === 'readyForQuery') return;
    const said = messages.find((m) => m.name === 'error');
    this.#end(new Error(`PostgreSQL ended its session${said instanceof Error ? `: ${said.message}` : ''}`));
    throw this.#failure;
  }

  /** The store is over: every statement waiting and later fails, and the thread is ended. */
  #end(cause: Error): void {
    this.#fail(cause);
    void this.#worker.terminate();
  }

  /** Every notification this session receives (after LISTEN), by channel. */
  onNotification(listener: (channel: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async dumpDataDir(): Promise<Blob> {
    const reply = await this.#request({ type: 'dump', id: 0 }, []);
    return new Blob([reply.dump ?? new ArrayBuffer(0)]);
  }

  /** Closes PGlite (its data written out) and ends the worker; after a failure only ends it. */
  async close(): Promise<void> {
    this.#closing = true;
    try {
      if (!this.#failure) await this.#request({ type: 'close', id: 0 }, []);
    } catch (e) {
      // A worker that stopped meanwhile has nothing left to close.
      if (e !== this.#failure) throw e;
    } finally {
      await this.#worker.terminate();
    }
  }

  #request(request: WorkerRequest, transfer: ArrayBuffer[]): Promise<Reply> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<Reply>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id }, transfer);
    });
  }

  #settle(reply: Reply): void {
    const waiting = this.#pending.get(reply.id);
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (!waiting) return;
    if (reply.error !== undefined) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply);
  }

  #fail(cause: Error): void {
    if (this.#failure) return;
    this.#failure = new Error(EMBEDDED_STORE_STOPPED, { cause });
    // PGlite ends its thread (Emscripten's exit) when PostgreSQL cannot start on the folder.
    this.#failOpen(new Error(`the embedded store could not be opened in ${this.#dataDir}`, { cause }));
    for (const waiting of this.#pending.values()) waiting.reject(this.#failure);
    this.#pending.clear();
    if (!this.#closing) this.#stop(this.#failure);
  }
}

/**
 * Whether the last of back-to-back frontend messages is a Sync or a Query. Each is a type byte and an
 * Int32 length that counts itself (PostgreSQL documentation, 53.7 "Message Formats").
 */
function endsWithSyncOrQuery(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let last: number | undefined;
  for (let at = 0; at + 5 <= bytes.length; ) {
    const length = view.getInt32(at + 1);
    if (length < 4) return false;
    last = bytes[at];
    at += 1 + length;
  }
  return last === SYNC || last === QUERY;
}

/** Starts a worker and waits until its PGlite is open; an open that fails ends the worker. */
async function startWorker(start: WorkerStart): Promise<PGliteInWorker> {
  const pglite = new PGliteInWorker(start);
  try {
    await pglite.waitReady;
  } catch (e) {
    await pglite.close();
    throw e;
  }
  return pglite;
}

/**
 * PGlite in a worker thread on `start.dataDir`. A folder without a database is first made one by a worker
 * of its own, which then ends: initdb leaves some 350 MB of garbage in the thread that ran it, and a thread
 * that only serves statements collects it late or never (docs/performance.md "PGlite on a thread of its
 * own"). Ending that thread returns its memory at once.
 */
export async function openPGliteInWorker(start: WorkerStart): Promise<PGliteInWorker> {
  if (!existsSync(join(start.dataDir, 'PG_VERSION'))) await (await startWorker(start)).close();
  return startWorker(start);
}
