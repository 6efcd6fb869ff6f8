import { readFileSync, writeFileSync } from 'node:fs';
import type { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { systemClock } from '../core/clock.ts';
import { isPassiError } from '../core/errors.ts';
import { ensureKeys } from '../keys/key-store.ts';
import { resolveSecretKey } from '../ops/secret-key-file.ts';
import { exportRegistry } from '../registry/export-registry.ts';
import { formatImportResult, importRegistry } from '../registry/import-registry.ts';
import { createRegistryRepository } from '../registry/registry-repository.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { createSecretBox } from '../store/secret-box.ts';
import { loadIdpMetadataNow } from '../upstream/saml/idp-metadata-schedule.ts';
import { createIdpMetadataStore } from '../upstream/saml/idp-metadata-store.ts';
import { type CommandName, commandHelp } from './commands.ts';
import { integrationsCommand } from './integrations-command.ts';
import { operatorCommand } from './operator-command.ts';
import { orgdataCommand } from './orgdata-command.ts';

export type ParsedArgs = ReturnType<
  typeof parseArgs<{
    allowPositionals: true;
    strict: true;
    options: {
      help: { type: 'boolean'; short: 'h' };
      config: { type: 'string' };
      'dry-run': { type: 'boolean' };
      out: { type: 'string' };
      'from-file': { type: 'string' };
      full: { type: 'boolean' };
    };
  }>
>;

/** Runs one command (loaded lazily by main.ts so `--help` starts fast). */
export async function run(name: CommandName, args: ParsedArgs): Promise<number> {
  const config = loadConfig({ file: args.values.config });
  if (name === 'start') return start(config);

  const warn = (m: string) => console.error(`warning: ${m}`);
  const box = createSecretBox(resolveSecretKey(config, name === 'migrate' ? () => {} : warn));
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const migrated = await migrateToLatest(store.db);
    if (name === 'migrate') {
      console.log(
        migrated.applied.length ? `applied: ${migrated.applied.join(', ')}` : 'store is up to date',
      );
      console.log(`migrations: ${migrated.current.join(', ')}`);
      return 0;
    }
    const repo = createRegistryRepository(store.db, box);
    if (name === 'import') return await runImport(repo, args, config.publicUrl, store.db);
    if (name === 'export') {
      const text = await exportRegistry(repo);
      if (args.values.out) writeFileSync(args.values.out, text);
      else process.stdout.write(text);
      return 0;
    }
    if (name === 'keys') return await listKeys(store, box, config.signingKeyType, config.publicUrl);
    if (name === 'integrations') return await integrationsCommand(store.db, repo, config.publicUrl);
    if (name === 'operator') return await operatorCommand(store.db, box, config, args.positionals);
    return await orgdataCommand(
      store.db,
      config,
      args.positionals,
      args.values['from-file'],
      args.values.full,
    );
  } finally {
    await store.close();
  }
}

async function runImport(
  repo: ReturnType<typeof createRegistryRepository>,
  args: ParsedArgs,
  publicUrl: string,
  db: Store['db'],
) {
  const file = args.positionals[0];
  if (!file) {
    console.error(`passi import: give the YAML file to import\n\n${commandHelp('import')}`);
    return 2;
  }
  const result = await importRegistry(repo, readFileSync(file, 'utf8'), {
    publicUrl,
    now: new Date(),
    actor: `cli:${process.env.USER ?? 'unknown'}`,
    dryRun: args.values['dry-run'] ?? false,
    // Stored in the shared store: every node reads this copy at the next login.
    loadMetadata: loadIdpMetadataNow(createIdpMetadataStore({ db, clock: systemClock })),
  });
  console.log(formatImportResult(result));
  return 0;
}

async function listKeys(
  store: Store,
  box: ReturnType<typeof createSecretBox>,
  type: 'rsa-2048' | 'rsa-3072' | 'ec-p256',
  publicUrl: string,
) {
  const keys = await ensureKeys(store.db, box, {
    signingKeyType: type,
    commonName: new URL(publicUrl).hostname,
  });
  console.log(['kid'.padEnd(24), 'use'.padEnd(9), 'alg'.padEnd(6), 'state'.padEnd(8), 'not after'].join(' '));
  for (const k of keys.keys) {
    console.log(
      [
        k.kid.padEnd(24),
        k.use.padEnd(9),
        k.alg.padEnd(6),
        k.state.padEnd(8),
        k.notAfter.toISOString().slice(0, 10),
      ].join(' '),
    );
  }
  return 0;
}

async function start(config: ReturnType<typeof loadConfig>): Promise<number> {
  // Loaded only for `start`: the other commands need neither the HTTP server nor the protocol faces.
  const { createApp } = await import('../app.ts');
  const app = await createApp(config, { retryStore: true });
  await app.server.listen({ port: config.port, host: config.host });
  // Which code bin/passi.js loaded: the compiled build or the sources (docs/operations.md "A compiled build").
  app.server.log.info({ code: import.meta.url.endsWith('.ts') ? 'src' : 'dist' }, 'Passi code');
  app.ready.catch((e: unknown) => {
    app.server.log.fatal(isPassiError(e) ? `${e.message} [${e.code}]` : { err: e }, 'Passi could not start');
    void app.close().finally(() => process.exit(1));
  });
  let stopping = false;
  // Nothing in this process can bring a stopped embedded store back; its supervisor starts Passi again.
  void app.lost.then(() => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void app.close().finally(() => process.exit(1));
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.server.log.info({ signal }, 'shutting down gracefully');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return new Promise<number>(() => {});
}
