import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppServices, createApp, type PassiApp } from '../../src/app.ts';
import type { PassiConfig } from '../../src/config/config-schema.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { LogDestination } from '../../src/http/build-server.ts';
import type { FetchLike } from '../../src/outbound/outbound-fetch.ts';
import { importRegistry } from '../../src/registry/import-registry.ts';
import { migratedTemplate } from '../../src/store/testing/pglite-template.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../src/store/testing/test-db.ts';
import { freePort } from './free-port.ts';

export interface TestApp {
  app: PassiApp;
  services: AppServices;
  config: PassiConfig;
  /** `http://localhost:<port>` — the server listens on it. */
  baseUrl: string;
  /** Imports more registry YAML (as `passi import` does). */
  importYaml(yaml: string): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  store?: TestStoreKind;
  /** Share another test app's PostgreSQL schema (multi-node tests): its TestDb url. */
  databaseUrl?: string;
  /** Registry YAML imported after the demo registry. */
  registry?: string;
  config?: Partial<Record<keyof PassiConfig, unknown>>;
  /** Use this port (several nodes of one deployment share a public URL in tests only by port). */
  port?: number;
  /** Shared secret key (nodes of one deployment share it). */
  secretKey?: string;
  /** The app's clock (tests that move time; default the system clock). */
  clock?: Clock;
  /**
   * PostgreSQL only: the `application_name` of this app's connections, so a benchmark can find its
   * server processes in pg_stat_activity.
   */
  postgresApplicationName?: string;
  /** Capture the JSON log lines (the log level is then `info` unless `config.logLevel` says otherwise). */
  logStream?: LogDestination;
  /**
   * The transport of Passi's request to Wilma (AppOptions.upstreamFetch): e.g. mappedHttpsFetch, to reach
   * a fake Wilma on https under the host name typed in the portal. Default: the global fetch.
   */
  upstreamFetch?: FetchLike;
  /**
   * Embedded store only: open PGlite on the data folder, as `npm start` does, instead of in memory (the
   * tests' default, faster to start). Benchmarks use it so their memory and CPU figures are those of the
   * store a newcomer runs: in memory, every table and WAL file is JavaScript memory of this process.
   */
  embeddedOnDisk?: boolean;
}

/**
 * A real Passi for integration and end-to-end tests: the composition root with a real store (in-memory
 * PGlite, or an isolated PostgreSQL schema), the demo registry, and an HTTP server on a loopback port.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://localhost:${port}`;
  let testDb: TestDb | undefined;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl && options.store === 'postgresql') {
    testDb = await createTestDb('postgresql');
    databaseUrl = testDb.url;
    await testDb.store.close();
  }
  if (databaseUrl && options.postgresApplicationName) {
    const url = new URL(databaseUrl);
    url.searchParams.set('application_name', options.postgresApplicationName);
    databaseUrl = url.toString();
  }
  const config = loadConfig({
    env: {},
    overrides: {
      publicUrl: baseUrl,
      port,
      host: '127.0.0.1',
      logLevel: process.env.PASSI_TEST_LOG_LEVEL ?? (options.logStream ? 'info' : 'silent'),
      dataDir: mkdtempSync(join(tmpdir(), 'passi-test-')),
      secretKey: options.secretKey ?? randomBytes(32).toString('base64'),
      signingKeyType: 'rsa-2048',
      // The test runner's pool threads are left as they are; src/ops/pool-thread-scheduling.test.ts and
      // the benchmarks use the production default.
      poolThreadScheduling: 'normal',
      ...(databaseUrl ? { databaseUrl } : {}),
      ...options.config,
    },
  });
  const inMemoryStore = !databaseUrl && !options.embeddedOnDisk;
  const app = await createApp(config, {
    inMemoryStore,
    embeddedTemplate: inMemoryStore ? await migratedTemplate() : undefined,
    logStream: options.logStream,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.upstreamFetch ? { upstreamFetch: options.upstreamFetch } : {}),
  });
  await app.server.listen({ port, host: '127.0.0.1' });
  const services = await app.ready;
  const importYaml = async (yaml: string) => {
    await importRegistry(services.repo, yaml, { publicUrl: baseUrl, now: new Date(), actor: 'test' });
  };
  if (options.registry) await importYaml(options.registry);
  return {
    app,
    services,
    config,
    baseUrl,
    importYaml,
    close: async () => {
      await app.close();
      await testDb?.close();
    },
  };
}
