// A worker whose PGlite throws at the first statement, as PGlite does when its WebAssembly traps: the
// worker answers with the error and goes on running.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (request) => {
  parentPort?.postMessage({ type: 'reply', id: request.id, error: 'RuntimeError: unreachable' });
});
parentPort?.postMessage({ type: 'ready' });
