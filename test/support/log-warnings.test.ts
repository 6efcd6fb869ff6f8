import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logWarnings } from '../../bench/support/log-warnings.ts';
import { buildServer } from '../../src/http/build-server.ts';

/**
 * The proxied-login benchmark's reading of Passi's warnings and errors, on lines written by Passi's own
 * logger (its pino settings, as `npm start` logs).
 */
describe('Passi’s warnings and errors among its log lines', () => {
  const lines: string[] = [];
  let server: Awaited<ReturnType<typeof buildServer>>;
  beforeAll(async () => {
    server = await buildServer({
      logLevel: 'info',
      logStream: { write: (line: string) => lines.push(line) },
      trustProxy: false,
      readiness: async () => ({ ready: true, checks: {} }),
      routes: { protocol: [], pages: [], admin: [] },
    });
  });
  afterAll(() => server?.close());

  it('counts every warning, error and fatal line, keeps the first ones, and passes over the rest', () => {
    lines.length = 0;
    server.log.info({ event: 'login.completed' }, 'login completed');
    server.log.warn({ code: 'PASSI_X' }, 'first warning');
    server.log.info('an info line that mentions "level":50 in its text');
    server.log.error(new Error('an error'), 'first error');
    server.log.fatal('fatal');
    server.log.warn('second warning');
    expect(lines).toHaveLength(6);

    const warnings = logWarnings(2);
    for (const line of lines) warnings.observe(line);
    expect(warnings.count()).toBe(4);
    expect(warnings.kept()).toHaveLength(2);
    expect(JSON.parse(warnings.kept()[0] ?? '{}')).toMatchObject({ level: 40, msg: 'first warning' });
    expect(JSON.parse(warnings.kept()[1] ?? '{}')).toMatchObject({ level: 50, msg: 'first error' });
  });
});
