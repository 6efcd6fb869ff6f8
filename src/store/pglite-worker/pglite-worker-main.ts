import { writeFileSync } from 'node:fs';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import {
  PGLITE_THREAD_NAME,
  type WorkerReply,
  type WorkerRequest,
  type WorkerStart,
} from './worker-messages.ts';

/**
 * The embedded store's PGlite on a thread of its own (docs/performance.md "PGlite on a thread of its
 * own"). It answers raw PostgreSQL protocol bytes with raw bytes; the event loop parses them, so every
 * message, error field and notification reaches `pg` exactly as PGlite produced it. Requests are served
 * one after another, as PGlite's single session needs.
 */
const port = parentPort;
if (!port) throw new Error('pglite-worker-main.ts runs only as a worker thread');
const start = workerData as WorkerStart;

function send(reply: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(reply, transfer);
}

/** PGlite hands its output over in views of its own memory: each chunk is copied into one answer. */
async function exec(pglite: PGlite, bytes: Uint8Array): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  await pglite.execProtocolRawStream(bytes, {
    onRawData: (chunk) => {
      chunks.push(chunk.slice());
      size += chunk.length;
    },
  });
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

async function serve(pglite: PGlite, request: WorkerRequest): Promise<void> {
  try {
    if (request.type === 'exec') {
      const bytes = await exec(pglite, request.bytes);
      send({ type: 'reply', id: request.id, bytes }, [bytes.buffer as ArrayBuffer]);
    } else if (request.type === 'dump') {
      const dump = await (await pglite.dumpDataDir('none')).arrayBuffer();
      send({ type: 'reply', id: request.id, dump }, [dump]);
    } else {
      await pglite.close();
      send({ type: 'reply', id: request.id });
      port?.close();
    }
  } catch (e) {
    send({ type: 'reply', id: request.id, error: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Names this thread `passi-pglite` where Linux lets a thread name itself (proc(5), /proc/thread-self/comm),
 * so `top -H` and `ps -L` show the database's CPU apart from the event loop's, and the benchmarks find it.
 */
function nameThisThread(): void {
  try {
    writeFileSync('/proc/thread-self/comm', PGLITE_THREAD_NAME);
  } catch {
    // Not Linux, or no /proc: the thread keeps its name.
  }
}

async function main(port: MessagePort): Promise<void> {
  nameThisThread();
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(start.dataDir, { startParams: start.startParams });
  } catch (e) {
    send({ type: 'open-failed', message: e instanceof Error ? e.message : String(e) });
    port.close();
    return;
  }
  let queue = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    queue = queue.then(() => serve(pglite, request));
  });
  send({ type: 'ready' });
}

await main(port);
