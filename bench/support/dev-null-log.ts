import { openSync, write } from 'node:fs';
import type { LogDestination } from '../../src/http/build-server.ts';

/**
 * A log destination that costs what production's does on Passi's side. Without a destination of its own
 * Passi's pino writes to standard output through sonic-boom, asynchronously: a line is queued, and the
 * queued lines go out together in one write(2) on libuv's pool while no other write is in flight
 * (pino lib/tools.js `buildSafeSonicBoom`, sonic-boom `sync: false`). This does the same to /dev/null,
 * counting the lines and showing each to `onLine` (the benchmark reads Passi's own times from them).
 */
export function devNullLog(onLine?: (line: string) => void): { stream: LogDestination; count(): number } {
  const fd = openSync('/dev/null', 'w');
  let lines = 0;
  let queued: string[] = [];
  let writing = false;
  const flush = (): void => {
    if (queued.length === 0) {
      writing = false;
      return;
    }
    const chunk = queued.join('');
    queued = [];
    writing = true;
    write(fd, chunk, flush);
  };
  const stream: LogDestination = {
    write(line: string) {
      lines++;
      onLine?.(line);
      queued.push(line);
      if (!writing) flush();
      return true;
    },
  };
  return { stream, count: () => lines };
}
