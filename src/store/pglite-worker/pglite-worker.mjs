// The PGlite worker thread's entry: it runs TypeScript as bin/passi.js does, through tsx's loader, which
// must be registered in the worker itself (loader hooks belong to the thread that registers them).
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker-main.ts');
