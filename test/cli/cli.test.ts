import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runPassi } from './run-passi.ts';

const env = cliEnv();
const passi = (...args: string[]) => runPassi(env, ...args);

describe('passi CLI', () => {
  it('prints help for the tool and each command', () => {
    const help = passi('--help');
    expect(help.code).toBe(0);
    for (const c of ['start', 'migrate', 'import', 'export', 'keys', 'orgdata'])
      expect(help.stdout).toContain(`passi ${c}`);
    const importHelp = passi('import', '--help');
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toContain('--dry-run');
    expect(passi('frobnicate').code).toBe(2);
  });

  it('reports all three errors of a bad import and writes nothing; imports, exports, lists keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'passi-doc-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      [
        'organisations:',
        '  - oid: 1.2.246.562.99.00000000005',
        '    name: { fi: Testi }',
        '    businessId: 0920632-1',
        'integrations:',
        '  - id: "4000009"',
        '    organisationOid: 1.2.246.562.99.00000000404',
        '    type: test-directory',
        '    flowName: 1bad',
        '',
      ].join('\n'),
    );
    const failed = passi('import', bad);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('3 errors');
    expect(failed.stderr).toContain('organisations[0].businessId');
    expect(failed.stderr).toContain('integrations[0].flowName');
    expect(failed.stderr).toContain('integrations[0].organisationOid');
    expect(passi('export').stdout).not.toContain('1.2.246.562.99.00000000005');

    const dry = passi('import', 'demo/registry.yaml', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run: would apply: \d+ created, 0 updated, 0 unchanged/);
    expect(passi('export').stdout).not.toContain('MansikkalaTest');
    expect(passi('import', 'demo/registry.yaml').stdout).toMatch(
      /applied: \d+ created, 0 updated, 0 unchanged/,
    );
    expect(passi('import', 'demo/registry.yaml').stdout).toMatch(
      /applied: 0 created, 0 updated, \d+ unchanged/,
    );
    const exported = passi('export');
    expect(exported.stdout).toContain('flowName: MansikkalaTest');
    expect(exported.stdout).toContain('1.2.246.562.99.00000000001');

    const keys = passi('keys');
    expect(keys.code).toBe(0);
    expect(keys.stdout.match(/ active /g)).toHaveLength(4);
    expect(keys.stdout).toContain('saml-sig');

    const orgdata = passi('orgdata', 'refresh', '--from-file', 'test/fixtures/orgdata/hierarkia-hae.json');
    expect(orgdata.code).toBe(0);
    expect(orgdata.stdout).toMatch(/organisation data refreshed from .*hierarkia-hae\.json \(file\)/);
    expect(passi('migrate').stdout).toContain('store is up to date');
  }, 300_000);
});

describe('two `passi migrate` runs at once against one PostgreSQL', async () => {
  const { isPostgresAvailable, POSTGRES_SKIP_REASON, TEST_POSTGRES_URL, withSearchPath } = await import(
    '../../src/store/testing/test-db.ts'
  );
  const postgres = await isPostgresAvailable();
  if (!postgres) console.warn(POSTGRES_SKIP_REASON);

  it.skipIf(!postgres)('both succeed and leave one schema', async () => {
    const pg = (await import('pg')).default;
    const { spawn } = await import('node:child_process');
    const schema = `t_cli_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const url = withSearchPath(TEST_POSTGRES_URL, schema);
      const run = () =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(process.execPath, ['bin/passi.js', 'migrate'], {
            env: { ...env, DATABASE_URL: url },
          });
          let out = '';
          child.stdout.on('data', (d) => {
            out += String(d);
          });
          child.stderr.on('data', (d) => {
            out += String(d);
          });
          child.on('exit', (code) => resolve({ code, out }));
        });
      const [a, b] = await Promise.all([run(), run()]);
      expect([a.code, b.code]).toEqual([0, 0]);
      const applied = [a.out, b.out].filter((o) => o.includes('applied:'));
      expect(applied).toHaveLength(1);
      const tables = await admin.query(
        `select count(*)::int as n from information_schema.tables where table_schema = $1 and table_name = 'passi_migration'`,
        [schema],
      );
      expect(tables.rows[0]?.n).toBe(1);
      const rows = await admin.query(`select count(*)::int as n from ${schema}.passi_migration`);
      expect(rows.rows[0]?.n).toBeGreaterThanOrEqual(3);
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  });
});
