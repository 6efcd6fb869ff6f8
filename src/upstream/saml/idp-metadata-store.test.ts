import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { buildIdpMetadata } from '../../protocols/saml/idp-metadata.ts';
import { generateKeyAndCertificate } from '../../protocols/saml/keys.ts';
import { loadSigningCredential } from '../../protocols/saml/signing-credential.ts';
import type { Db } from '../../store/database.ts';
import { openStore, type Store } from '../../store/open-store.ts';
import { countingDb } from '../../store/testing/counting-db.ts';
import { createTestDb, isPostgresAvailable, type TestDb } from '../../store/testing/test-db.ts';
import { createIdpMetadataStore, UPSTREAM_METADATA_CHANNEL } from './idp-metadata-store.ts';

const NOW = new Date('2026-12-01T10:00:00Z');
const first = generateKeyAndCertificate({ commonName: 'school-idp-a', now: NOW, validDays: 365 });
const second = generateKeyAndCertificate({ commonName: 'school-idp-b', now: NOW, validDays: 365 });
const signer = loadSigningCredential(first.privateKeyPem, first.certificatePem);

function metadata(certificatePem: string, displayName = 'School'): string {
  return buildIdpMetadata(
    {
      entityId: 'https://idp.koulu.example/idp',
      validUntil: new Date(NOW.getTime() + 10 * 86_400_000),
      signingCertificatesPem: [certificatePem],
      ssoRedirectUrl: 'https://idp.koulu.example/sso',
      ssoPostUrl: 'https://idp.koulu.example/sso',
      displayName: { en: displayName },
    },
    signer,
  );
}

const integration = (xml: string) => ({
  id: '4000951',
  type: 'saml',
  settings: { kind: 'saml', metadataXml: xml },
});

const spki = (key: { export(o: { type: 'spki'; format: 'der' }): Buffer }) =>
  key.export({ type: 'spki', format: 'der' }).toString('base64');

describe('school IdP metadata: signing keys parsed once per metadata load', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('embedded');
  });
  afterAll(() => t?.close());

  it('every login reads the key objects parsed when the metadata was loaded, not a new parse', async () => {
    const store = createIdpMetadataStore({ db: t.db, clock: fixedClock(NOW) });
    const school = integration(metadata(first.certificatePem));
    const a = await store.current(school);
    const b = await store.current(school);
    expect(a.signingKeys).toHaveLength(1);
    expect(a.signingKeys[0]?.type).toBe('public');
    expect(spki(a.signingKeys[0] ?? createPublicKey(second.certificatePem))).toBe(
      spki(createPublicKey(first.certificatePem)),
    );
    // The same KeyObject instance: the certificate was not parsed again for the second login.
    expect(b.signingKeys[0]).toBe(a.signingKeys[0]);
  });

  it('a load with other certificates brings newly parsed keys; a reload of the same ones keeps them', async () => {
    const store = createIdpMetadataStore({ db: t.db, clock: fixedClock(NOW) });
    const before = (await store.current(integration(metadata(first.certificatePem)))).signingKeys[0];
    // Another upload with the same certificate (the XML differs): a new load, the same key.
    const reloaded = integration(metadata(first.certificatePem, 'School, renamed'));
    await store.refresh(reloaded);
    expect((await store.current(reloaded)).signingKeys[0]).toBe(before);
    // Key rollover: the new certificate's key, parsed once.
    const rolled = integration(metadata(second.certificatePem));
    const after = await store.current(rolled);
    expect(after.signingKeys[0]).not.toBe(before);
    expect(spki(after.signingKeys[0] ?? createPublicKey(first.certificatePem))).toBe(
      spki(createPublicKey(second.certificatePem)),
    );
    expect((await store.current(rolled)).signingKeys[0]).toBe(after.signingKeys[0]);
  });
});

/** Wires a metadata store to its store's change notifications, as the composition root does. */
async function listeningStore(store: Store, db: Db) {
  const metadataStore = createIdpMetadataStore({ db, clock: fixedClock(NOW) });
  const stop = await store.listen(
    UPSTREAM_METADATA_CHANNEL,
    metadataStore.invalidate,
    metadataStore.setListening,
  );
  return { metadataStore, stop };
}

const setSsoAddress = (db: Db, url: string) =>
  db
    .updateTable('upstream_metadata')
    .set({ sso_redirect_url: url })
    .where('integration_id', '=', '4000951')
    .execute();

describe('school IdP metadata: a login reads the stored copy from memory while changes are heard', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('embedded');
  });
  afterAll(() => t?.close());

  it('after the first login, logins do not read the store', async () => {
    const { db, counter } = countingDb(t.db);
    const { metadataStore, stop } = await listeningStore(t.store, db);
    const school = integration(metadata(first.certificatePem));
    await metadataStore.current(school);
    const afterFirst = counter.statements;
    expect(afterFirst).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) {
      expect((await metadataStore.current(school)).ssoRedirectUrl).toBe('https://idp.koulu.example/sso');
    }
    expect(counter.statements).toBe(afterFirst);
    await stop();
  });

  it('any write to the stored copies, even SQL by hand, is used by the next login', async () => {
    const { metadataStore, stop } = await listeningStore(t.store, t.db);
    const school = integration(metadata(first.certificatePem));
    expect((await metadataStore.current(school)).ssoRedirectUrl).toBe('https://idp.koulu.example/sso');
    // An operator's UPDATE: the table's trigger announces it.
    await setSsoAddress(t.db, 'https://idp.koulu.example/changed');
    expect((await metadataStore.current(school)).ssoRedirectUrl).toBe('https://idp.koulu.example/changed');
    await stop();
  });

  it('a copy stored by this node is used by the next login at once', async () => {
    const { metadataStore, stop } = await listeningStore(t.store, t.db);
    const before = await metadataStore.current(integration(metadata(first.certificatePem)));
    const rolled = integration(metadata(second.certificatePem));
    await metadataStore.refresh(rolled);
    const after = await metadataStore.current(rolled);
    expect(after.signingKeys[0]).not.toBe(before.signingKeys[0]);
    expect(spki(after.signingKeys[0] ?? createPublicKey(first.certificatePem))).toBe(
      spki(createPublicKey(second.certificatePem)),
    );
    await stop();
  });

  it('while changes are not heard, every login reads the store', async () => {
    const { db, counter } = countingDb(t.db);
    // Not wired to notifications at all …
    const unheard = createIdpMetadataStore({ db, clock: fixedClock(NOW) });
    const school = integration(metadata(first.certificatePem));
    await unheard.current(school);
    const afterFirst = counter.statements;
    await unheard.current(school);
    expect(counter.statements).toBe(afterFirst + 1);
    // … or its LISTEN connection lost: it stops trusting what it holds.
    const { metadataStore: heard, stop } = await listeningStore(t.store, db);
    await heard.current(school);
    const held = counter.statements;
    await heard.current(school);
    expect(counter.statements).toBe(held);
    heard.setListening(false);
    await heard.current(school);
    await heard.current(school);
    expect(counter.statements).toBe(held + 2);
    await stop();
  });
});

describe.skipIf(!(await isPostgresAvailable()))('school IdP metadata on PostgreSQL: two nodes', () => {
  let t: TestDb;
  let nodeB: Store;
  beforeAll(async () => {
    t = await createTestDb('postgresql');
    nodeB = await openStore({ databaseUrl: t.url ?? '', dataDir: '' });
  });
  afterAll(async () => {
    await nodeB?.close();
    await t?.close();
  });

  it('a copy stored on node A is used by the next login on node B once the notification arrives', async () => {
    // The school publishes at one address; node A's scheduled refresh finds its rolled-over key there.
    let published = metadata(first.certificatePem);
    const fetchMetadata = async () =>
      new Response(published, { headers: { 'content-type': 'application/xml' } });
    const a = createIdpMetadataStore({ db: t.db, clock: fixedClock(NOW), fetch: fetchMetadata });
    const b = await listeningStore(nodeB, nodeB.db);
    const school = {
      id: '4000951',
      type: 'saml',
      settings: { kind: 'saml', metadataUrl: 'https://idp.koulu.example/metadata' },
    };
    await a.refresh(school);
    const before = await b.metadataStore.current(school);
    expect(spki(before.signingKeys[0] ?? createPublicKey(second.certificatePem))).toBe(
      spki(createPublicKey(first.certificatePem)),
    );
    published = metadata(second.certificatePem);
    await a.refresh(school);
    // Node B held the first copy in memory; told of the change, its next logins use the new key.
    await expect
      .poll(
        async () =>
          spki(
            (await b.metadataStore.current(school)).signingKeys[0] ?? createPublicKey(first.certificatePem),
          ),
        { timeout: 10_000 },
      )
      .toBe(spki(createPublicKey(second.certificatePem)));
    await b.stop();
  });
});
