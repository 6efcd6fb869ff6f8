import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import type { PassiConfig } from '../config/config-schema.ts';
import type { Clock } from '../core/clock.ts';
import { ErrorCodes } from '../core/error-codes.ts';
import { isPassiError } from '../core/errors.ts';
import { ensureKeys, type KeySet } from '../keys/key-store.ts';
import { seedDemoTerms } from '../portal/commands/demo-terms.ts';
import { formatImportResult, importRegistry } from '../registry/import-registry.ts';
import { createRegistryRepository, type RegistryRepository } from '../registry/registry-repository.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { retryDelayMs } from '../store/retry-delay.ts';
import type { SecretBox } from '../store/secret-box.ts';
import { withStartupLock } from '../store/with-startup-lock.ts';

const DEMO_REGISTRY = new URL('../../demo/registry.yaml', import.meta.url);

export interface StoreChoice {
  /** Tests: use an in-memory embedded store. */
  inMemoryStore?: boolean;
  /** Tests: start the in-memory store from this migrated data-dir dump. */
  embeddedTemplate?: Blob;
  /** Retry the store at boot until reachable (server mode); commands fail at once instead. */
  retryStore?: boolean;
}

/** Called, after a fatal log line, if the store stops for good while open (the embedded store's worker). */
export type OnStoreLost = (reason: Error) => void;

/**
 * One clear line when the store is unreachable, then quiet retries, at most
 * MAX_RETRY_DELAY_MS apart so the node is ready soon after the database is back.
 */
export async function openStoreWithRetry(
  config: PassiConfig,
  options: StoreChoice,
  log: FastifyBaseLogger,
  isClosed: () => boolean,
  onLost: OnStoreLost = () => {},
): Promise<Store> {
  let reported = false;
  let failures = 0;
  for (;;) {
    try {
      return await openStore({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        inMemory: options.inMemoryStore,
        loadDataDir: options.embeddedTemplate,
        onEmbeddedStopped: (reason) => {
          log.fatal(
            { err: reason },
            'embedded store stopped: every request needing it fails; Passi stops so that it is started again',
          );
          onLost(reason);
        },
        postgres: {
          statementTimeoutMs: config.databaseStatementTimeoutMs,
          connectTimeoutMs: config.databaseConnectTimeoutMs,
          listenCheckMs: config.registryRecheckMs,
          preparedStatements: config.databasePreparedStatements === 'on',
          // Lost connections are replaced by the store; an operator sees each loss once, as a warning.
          onConnectionError: (e, where) =>
            log.warn({ err: e, where }, 'database connection lost or failed; reconnecting'),
        },
      });
    } catch (e) {
      if (!options.retryStore || isClosed() || !isPassiError(e) || e.code !== ErrorCodes.STORE_UNREACHABLE)
        throw e;
      if (!reported) log.error(`${e.message} — retrying; /readyz reports not-ready until it is reachable`);
      reported = true;
      await new Promise((r) => setTimeout(r, retryDelayMs(failures++)));
    }
  }
}

/**
 * Brings an open store up to date: migrations, the signing keys, and on an empty non-production registry the
 * demo registry. Safe when several nodes start at once (advisory locks, docs/architecture.md "State and scale").
 */
export async function prepareStore(
  store: Store,
  input: { config: PassiConfig; box: SecretBox; clock: Clock; log: FastifyBaseLogger },
): Promise<{ keys: KeySet; repo: RegistryRepository }> {
  const { config, log } = input;
  const migrated = await migrateToLatest(store.db);
  if (migrated.applied.length) log.info({ applied: migrated.applied }, 'migrations applied');
  const keys = await ensureKeys(store.db, input.box, {
    signingKeyType: config.signingKeyType,
    commonName: new URL(config.publicUrl).hostname,
  });
  const repo = createRegistryRepository(store.db, input.box);
  // Under the startup lock, nodes starting at once on an empty database import the demo once. The demo
  // registry (public test accounts) never enters a production registry, empty or not.
  await withStartupLock(store, async () => {
    if (config.mode !== 'production' && config.demoData === 'auto' && (await repo.count()) === 0) {
      const result = await importRegistry(repo, readFileSync(DEMO_REGISTRY, 'utf8'), {
        publicUrl: config.publicUrl,
        now: input.clock.now(),
        actor: 'system:demo-seed',
      });
      log.info(`demo registry imported (registry was empty):\n${formatImportResult(result)}`);
      await seedDemoTerms(store.db, input.clock);
    }
  });
  return { keys, repo };
}
