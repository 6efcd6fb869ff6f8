// A worker that opens nothing and stops at its first request, as a PGlite worker whose thread died would.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => process.exit(3));
parentPort?.postMessage({ type: 'ready' });
