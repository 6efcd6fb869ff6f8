import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load-config.ts';

it('a node whose embedded store stopped logs it as fatal, reports not ready and says it is lost', async () => {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'passi-'));
  const config = loadConfig({
    env: {},
    overrides: { dataDir, secretKey: randomBytes(32).toString('base64'), logLevel: 'info' },
  });
  const app = await createApp(config, { logStream });
  try {
    const services = await app.ready;
    expect((await app.server.inject({ url: '/readyz' })).statusCode).toBe(200);
    // A PANIC inside PGlite: a checkpoint that cannot write pg_control (src/store/pglite-worker/).
    rmSync(join(dataDir, 'pglite', 'global', 'pg_control'));
    await sql`checkpoint`.execute(services.store.db).catch(() => {});
    const reason = await app.lost;
    expect(reason.message).toBe('embedded store stopped');
    const fatal = lines.filter((l) => l.includes('"level":60'));
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain('embedded store stopped: every request needing it fails');
    expect((await app.server.inject({ url: '/readyz' })).statusCode).toBe(503);
  } finally {
    await app.close();
  }
});
