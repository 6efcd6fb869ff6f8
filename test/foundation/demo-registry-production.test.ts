/**
 * The demo registry (public test accounts, the attribute test service with raw attributes kept) is for
 * trying Passi out: a production Passi never imports it, even into an empty registry.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { migratedTemplate } from '../../src/store/testing/pglite-template.ts';

async function registryCountAtStart(mode: 'production' | 'development'): Promise<number> {
  const config = loadConfig({
    env: {},
    overrides: {
      mode,
      publicUrl: 'https://passi.example.test',
      logLevel: 'silent',
      dataDir: mkdtempSync(join(tmpdir(), 'passi-test-')),
      secretKey: randomBytes(32).toString('base64'),
      signingKeyType: 'rsa-2048',
      demoData: 'auto',
    },
  });
  const app = await createApp(config, { inMemoryStore: true, embeddedTemplate: await migratedTemplate() });
  try {
    const services = await app.ready;
    return await services.repo.count();
  } finally {
    await app.close();
  }
}

describe('demo registry at start', () => {
  it('is not imported in production mode', async () => {
    expect(await registryCountAtStart('production')).toBe(0);
  });

  it('is imported into an empty registry in development mode', async () => {
    expect(await registryCountAtStart('development')).toBeGreaterThan(0);
  });
});
