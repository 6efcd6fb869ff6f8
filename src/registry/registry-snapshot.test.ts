import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/describe-each-store.ts';
import { openStore } from '../store/open-store.ts';
import { createSecretBox } from '../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../store/testing/test-db.ts';
import { importRegistry } from './import-registry.ts';
import {
  createRegistryRepository,
  REGISTRY_CHANNEL,
  type RegistryRepository,
} from './registry-repository.ts';
import { createRegistryCache } from './registry-snapshot.ts';

const demo = readFileSync(new URL('../../demo/registry.yaml', import.meta.url), 'utf8');
const options = { publicUrl: 'http://localhost:8080', now: new Date(), actor: 'test' };

function registryCacheSuite(kind: TestStoreKind) {
  let t: TestDb;
  let repo: RegistryRepository;
  // Nodes share PASSI_SECRET_KEY, so every repository of one registry opens the others' secrets.
  const box = createSecretBox(randomBytes(32));
  beforeAll(async () => {
    t = await createTestDb(kind);
    repo = createRegistryRepository(t.db, box);
  });
  afterAll(() => t?.close());

  it('serves every request after a change the new registry, also requests arriving together', async () => {
    const cache = createRegistryCache(repo);
    cache.setListening(true);
    expect((await cache.current()).services.size).toBe(0);
    await importRegistry(repo, demo, options);
    const seen = await Promise.all([cache.current(), cache.current(), cache.current(), cache.current()]);
    for (const s of seen) expect(s.services.has('attribute-test-saml')).toBe(true);
  });

  it('re-reads the version on every call while not listening (another process may have written)', async () => {
    const cache = createRegistryCache(repo);
    const before = await cache.current();
    const other = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
    await importRegistry(
      other,
      demo.replace('fi: Mansikkalan testikoulut\n', 'fi: Mansikkalan koulut\n'),
      options,
    );
    const after = await cache.current();
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.integrations.get('4000001')?.integration.discovery.displayName?.fi).toBe(
      'Mansikkalan koulut',
    );
  });

  it('while listening, still compares the version once per recheck interval (notifications can be lost)', async () => {
    let now = 0;
    const cache = createRegistryCache(repo, { recheckMs: 5000, now: () => now });
    cache.setListening(true);
    const before = await cache.current();
    const other = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
    await importRegistry(
      other,
      demo.replace('fi: Mansikkalan testikoulut\n', 'fi: Kadonnut ilmoitus\n'),
      options,
    );
    // No notification arrived: within the interval the snapshot is served as is.
    now = 4999;
    expect(await cache.current()).toBe(before);
    now = 5000;
    const after = await cache.current();
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.integrations.get('4000001')?.integration.discovery.displayName?.fi).toBe(
      'Kadonnut ilmoitus',
    );
  });

  // PGlite has no other process to hear from (its listen() reports listening and never notifies), so the
  // cross-node path exists on PostgreSQL only: wired as in src/app.ts.
  if (kind === 'postgresql') {
    it('a change written by another node (its own pool) reaches this node through LISTEN/NOTIFY', async () => {
      if (!t.url) throw new Error('the PostgreSQL test store has a URL');
      const otherNode = await openStore({ databaseUrl: t.url, dataDir: '' });
      const cache = createRegistryCache(repo);
      let notifications = 0;
      const stopListening = await t.store.listen(
        REGISTRY_CHANNEL,
        () => {
          notifications++;
          cache.invalidate();
        },
        cache.setListening,
      );
      try {
        const before = await cache.current();
        // Listening and nothing changed: the snapshot is served as is.
        expect(await cache.current()).toBe(before);
        const heardBefore = notifications;
        await importRegistry(
          createRegistryRepository(otherNode.db, box),
          demo.replace('fi: Mansikkalan testikoulut\n', 'fi: Mansikkalan kaikki koulut\n'),
          options,
        );
        // This node's repository wrote nothing, so only the notification can mark its cache stale.
        await expect
          .poll(
            async () =>
              (await cache.current()).integrations.get('4000001')?.integration.discovery.displayName?.fi,
          )
          .toBe('Mansikkalan kaikki koulut');
        expect(notifications).toBeGreaterThan(heardBefore);
        expect((await cache.current()).version).toBeGreaterThan(before.version);
      } finally {
        await stopListening();
        await otherNode.close();
      }
    });
  }
}

describeEachStore('registry cache', registryCacheSuite);
