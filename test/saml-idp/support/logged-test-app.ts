/**
 * `createTestApp` with the structured log captured (test/support/test-app.ts has no log stream option),
 * so a test can show that the error id on an error page is the `reqId` of a log line (docs/operations.md "Logs").
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import { importRegistry } from '../../../src/registry/import-registry.ts';
import { freePort } from '../../support/free-port.ts';
import type { TestApp } from '../../support/test-app.ts';

export interface LoggedTestApp extends TestApp {
  /** Parsed log lines written so far (level warn and above). */
  logLines(): Record<string, unknown>[];
}

export async function createLoggedTestApp(registry: string): Promise<LoggedTestApp> {
  const lines: Record<string, unknown>[] = [];
  let pending = '';
  const logStream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const line of complete) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const config = loadConfig({
    env: {},
    overrides: {
      publicUrl: baseUrl,
      port,
      host: '127.0.0.1',
      logLevel: 'warn',
      dataDir: mkdtempSync(join(tmpdir(), 'passi-test-')),
      secretKey: randomBytes(32).toString('base64'),
      signingKeyType: 'rsa-2048',
    },
  });
  const app = await createApp(config, { inMemoryStore: true, logStream });
  await app.server.listen({ port, host: '127.0.0.1' });
  const services = await app.ready;
  const importYaml = async (yaml: string) => {
    await importRegistry(services.repo, yaml, { publicUrl: baseUrl, now: new Date(), actor: 'test' });
  };
  await importYaml(registry);
  return { app, services, config, baseUrl, importYaml, close: () => app.close(), logLines: () => [...lines] };
}
