import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.ts';
import { loadConfig } from './load-config.ts';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({ env: {} });
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe('./data');
    expect(config.databaseUrl).toBeUndefined();
  });

  it('layers YAML file under environment variables', () => {
    const dir = mkdtempSync(join(tmpdir(), 'passi-config-'));
    const file = join(dir, 'passi.yaml');
    writeFileSync(file, 'port: 9000\npublicUrl: https://passi.example.fi/\nlogLevel: warn\n');
    const config = loadConfig({ file, env: { PASSI_PORT: '9100' } });
    expect(config.port).toBe(9100);
    expect(config.logLevel).toBe('warn');
    expect(config.publicUrl).toBe('https://passi.example.fi');
  });

  it('names every bad option by its environment variable', () => {
    try {
      loadConfig({ env: { PASSI_PORT: 'eighty', PASSI_PUBLIC_URL: 'not a url', DATABASE_URL: 'mysql://x' } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const paths = (e as ValidationError).issues.map((i) => i.path).sort();
      expect(paths).toEqual([
        'DATABASE_URL (databaseUrl)',
        'PASSI_PORT (port)',
        'PASSI_PUBLIC_URL (publicUrl)',
      ]);
    }
  });

  it('rejects unknown YAML keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'passi-config-'));
    const file = join(dir, 'passi.yaml');
    writeFileSync(file, 'prot: 1\n');
    expect(() => loadConfig({ file, env: {} })).toThrow(/prot|Unrecognized/);
  });

  it('requires a secret key and https in production mode', () => {
    expect(() => loadConfig({ env: { PASSI_MODE: 'production' } })).toThrow(/PASSI_SECRET_KEY/);
    expect(() => loadConfig({ env: { PASSI_MODE: 'production', PASSI_SECRET_KEY: 'a'.repeat(44) } })).toThrow(
      /https/,
    );
  });
});
