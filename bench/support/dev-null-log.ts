import { openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

/**
 * A log destination that costs what a production one does on Passi's side: every line is written with
 * one synchronous write(2), as pino's default destination writes to standard output; /dev/null keeps it.
 */
export function devNullLog(onLine?: (line: string) => void): { stream: Writable; count(): number } {
  const fd = openSync('/dev/null', 'w');
  let lines = 0;
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines++;
      writeSync(fd, typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      onLine?.(String(chunk));
      done();
    },
  });
  return { stream, count: () => lines };
}
