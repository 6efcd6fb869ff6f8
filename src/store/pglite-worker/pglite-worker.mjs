// The PGlite worker thread's entry. In a compiled build (dist/, docs/operations.md "A compiled build") the
// compiled module sits beside it. From the sources it runs TypeScript as bin/passi.js does, through tsx's
// loader, which must be registered in the worker itself (loader hooks belong to the thread that
// registers them).
import { existsSync } from 'node:fs';

const compiled = new URL('./pglite-worker-main.js', import.meta.url);
if (existsSync(compiled)) await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./pglite-worker-main.ts');
}
