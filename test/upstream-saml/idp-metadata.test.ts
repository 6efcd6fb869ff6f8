import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/error-codes.ts';
import { fixedClock } from '../../src/core/testing/fixed-clock.ts';
import { buildIdpMetadata } from '../../src/protocols/saml/idp-metadata.ts';
import { generateKeyAndCertificate } from '../../src/protocols/saml/keys.ts';
import { readIdpMetadata } from '../../src/protocols/saml/read-idp-metadata.ts';
import { loadSigningCredential } from '../../src/protocols/saml/signing-credential.ts';
import {
  createTestDb,
  isPostgresAvailable,
  POSTGRES_SKIP_REASON,
  type TestDb,
  type TestStoreKind,
} from '../../src/store/testing/test-db.ts';
import { createIdpMetadataStore, METADATA_UNAVAILABLE } from '../../src/upstream/saml/idp-metadata-store.ts';
import { closeServer, listenLocal } from '../support/fakes/listen.ts';

const postgres = await isPostgresAvailable();
if (!postgres) console.warn(POSTGRES_SKIP_REASON);

const NOW = new Date('2026-11-28T10:00:00Z');
const key = generateKeyAndCertificate({ commonName: 'school-idp', now: NOW, validDays: 365 });
const credential = loadSigningCredential(key.privateKeyPem, key.certificatePem);

function metadata(
  o: { entityId?: string; validUntil?: Date; certs?: string[]; cacheDuration?: string } = {},
) {
  const xml = buildIdpMetadata(
    {
      entityId: o.entityId ?? 'https://adfs.koulu.example/adfs/services/trust',
      validUntil: o.validUntil ?? new Date(NOW.getTime() + 10 * 86_400_000),
      signingCertificatesPem: o.certs ?? [key.certificatePem],
      ssoRedirectUrl: 'https://adfs.koulu.example/adfs/ls/',
      ssoPostUrl: 'https://adfs.koulu.example/adfs/ls/',
      displayName: { en: 'ADFS' },
    },
    credential,
  );
  return o.cacheDuration
    ? xml.replace('<md:EntityDescriptor ', `<md:EntityDescriptor cacheDuration="${o.cacheDuration}" `)
    : xml;
}

describe('school IdP metadata: validation', () => {
  it('reads entity id, signing certificates, SSO addresses, validUntil, cacheDuration and certificate expiry', () => {
    const md = readIdpMetadata(metadata({ cacheDuration: 'PT1H' }), { now: NOW });
    expect(md.entityId).toBe('https://adfs.koulu.example/adfs/services/trust');
    expect(md.signingCertificatesPem).toHaveLength(1);
    expect(md.ssoRedirectUrl).toBe('https://adfs.koulu.example/adfs/ls/');
    expect(md.cacheDurationSeconds).toBe(3600);
    expect(md.certificatesNotAfter?.getTime()).toBeGreaterThan(NOW.getTime());
    expect(md.fingerprints[0]).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it.each([
    ['expired validUntil', () => metadata({ validUntil: new Date(NOW.getTime() - 1000) }), {}],
    ['no signing certificate (SP-29)', () => metadata({ certs: [] }), {}],
    [
      'another entity id than the pinned one',
      () => metadata(),
      { expectedEntityId: 'https://other.example/idp' },
    ],
    [
      'an expired signing certificate',
      () => metadata(),
      { now: new Date(NOW.getTime() + 400 * 86_400_000), validUntilOk: true },
    ],
    ['a DOCTYPE', () => `<!DOCTYPE x [<!ENTITY e "e">]>${metadata()}`, {}],
  ] as const)('refuses metadata with %s', (_name, xml, opts) => {
    const text = xml();
    const now = 'now' in opts ? opts.now : NOW;
    // The expired-certificate case moves the clock past the certificate but keeps validUntil ahead.
    const input =
      'validUntilOk' in opts ? text.replace(/validUntil="[^"]*"/, 'validUntil="2030-01-01T00:00:00Z"') : text;
    expect(() =>
      readIdpMetadata(input, {
        now,
        ...('expectedEntityId' in opts ? { expectedEntityId: opts.expectedEntityId } : {}),
      }),
    ).toThrow(expect.objectContaining({ code: ErrorCodes.UPSTREAM_CONFIG_INVALID }));
  });
});

function metadataStoreSuite(kind: TestStoreKind) {
  let t: TestDb;
  let base = '';
  let body = '';
  let status = 200;
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(status, { 'content-type': 'application/samlmetadata+xml' }).end(body);
  });
  const clock = fixedClock(NOW);
  beforeAll(async () => {
    t = await createTestDb(kind);
    base = await listenLocal(server);
  });
  afterAll(async () => {
    await closeServer(server);
    await t?.close();
  });
  const integration = (settings: Record<string, unknown>, id = '4000901') => ({
    id,
    type: 'adfs',
    settings: { kind: 'saml', metadataRefreshHours: 6, ...settings },
  });

  it('a URL source is fetched by the refresh, never on the login path; failures keep the last good copy', async () => {
    const store = createIdpMetadataStore({ db: t.db, clock });
    const adfs = integration({ metadataUrl: `${base}/md.xml` });
    await expect(store.current(adfs)).rejects.toMatchObject({ code: METADATA_UNAVAILABLE });
    body = metadata({ cacheDuration: 'PT2H' });
    expect(await store.refreshDue([adfs])).toEqual([]);
    const hitsAfterRefresh = hits;
    const current = await store.current(adfs);
    expect(current.entityId).toBe('https://adfs.koulu.example/adfs/services/trust');
    expect(hits).toBe(hitsAfterRefresh); // no fetch at login
    const status1 = await store.status('4000901');
    // cacheDuration (2 h) shortens the 6 h refresh interval; expiry dates recorded for warnings.
    expect(status1?.refreshAfter.toISOString()).toBe(new Date(NOW.getTime() + 2 * 3_600_000).toISOString());
    expect(status1?.validUntil?.toISOString()).toBe(new Date(NOW.getTime() + 10 * 86_400_000).toISOString());
    expect(status1?.certificatesNotAfter).toBeInstanceOf(Date);
    // Not due yet: no fetch.
    expect(await store.refreshDue([adfs])).toEqual([]);
    expect(hits).toBe(hitsAfterRefresh);
    // Due, and the server fails: the copy stays, the error is recorded.
    clock.advance(3 * 3_600_000);
    status = 500;
    const failures = await store.refreshDue([adfs]);
    expect(failures).toHaveLength(1);
    expect((await store.current(adfs)).entityId).toBe('https://adfs.koulu.example/adfs/services/trust');
    expect((await store.status('4000901'))?.lastError).toContain('HTTP 500');
    // Invalid metadata is refused the same way (kept copy).
    status = 200;
    body = metadata({ certs: [] });
    clock.advance(60 * 60_000);
    expect(await store.refreshDue([adfs])).toHaveLength(1);
    expect((await store.current(adfs)).signingCertificatesPem).toHaveLength(1);
    // The last good copy is not used past its validUntil.
    clock.set(new Date(NOW.getTime() + 11 * 86_400_000));
    await expect(store.current(adfs)).rejects.toMatchObject({ code: METADATA_UNAVAILABLE });
    clock.set(NOW);
  });

  it('uploaded XML is validated and stored on first use without any network', async () => {
    const store = createIdpMetadataStore({ db: t.db, clock });
    const before = hits;
    const uploaded = integration(
      { metadataXml: metadata({ entityId: 'https://google.example/idp' }) },
      '4000902',
    );
    expect((await store.current(uploaded)).entityId).toBe('https://google.example/idp');
    expect(hits).toBe(before);
    // A changed upload replaces the stored copy (the source key is the XML's digest).
    const changed = integration(
      { metadataXml: metadata({ entityId: 'https://google2.example/idp' }) },
      '4000902',
    );
    expect((await store.current(changed)).entityId).toBe('https://google2.example/idp');
  });

  it('a refresh that brings other signing certificates is recorded for the integration and logged as a warning', async () => {
    const warnings: { detail: Record<string, unknown>; message: string }[] = [];
    const store = createIdpMetadataStore({
      db: t.db,
      clock,
      log: { warn: (detail, message) => warnings.push({ detail, message }) },
    });
    const adfs = integration({ metadataUrl: `${base}/rollover.xml` }, '4000903');
    status = 200;
    body = metadata();
    expect(await store.refreshDue([adfs])).toEqual([]);
    const first = await store.status('4000903');
    expect(first?.certificatesChangedAt).toBeUndefined();
    // The same certificate again: nothing to record.
    clock.advance(7 * 3_600_000);
    expect(await store.refreshDue([adfs])).toEqual([]);
    expect((await store.status('4000903'))?.certificatesChangedAt).toBeUndefined();
    expect(warnings).toEqual([]);
    // The school's metadata now carries another key.
    const other = generateKeyAndCertificate({ commonName: 'school-idp-2', now: NOW, validDays: 365 });
    body = metadata({ certs: [other.certificatePem] });
    clock.advance(7 * 3_600_000);
    expect(await store.refreshDue([adfs])).toEqual([]);
    const changed = await store.status('4000903');
    expect(changed?.certificatesChangedAt?.toISOString()).toBe(clock.now().toISOString());
    expect(changed?.previousFingerprints).toEqual(first?.fingerprints);
    expect(changed?.fingerprints).not.toEqual(first?.fingerprints);
    expect(warnings).toEqual([
      {
        detail: {
          integrationId: '4000903',
          before: first?.fingerprints,
          after: changed?.fingerprints,
        },
        message: "the school IdP's signing certificates changed at a metadata refresh",
      },
    ]);
    // The record stays through later refreshes that change nothing.
    const changedAt = changed?.certificatesChangedAt;
    clock.advance(7 * 3_600_000);
    expect(await store.refreshDue([adfs])).toEqual([]);
    expect((await store.status('4000903'))?.certificatesChangedAt).toEqual(changedAt);
    expect(warnings).toHaveLength(1);
    clock.set(NOW);
  });
}

describe('school IdP metadata: store, schedule, last good copy on PGlite', () =>
  metadataStoreSuite('embedded'));
describe.skipIf(!postgres)('school IdP metadata: store, schedule, last good copy on PostgreSQL', () =>
  metadataStoreSuite('postgresql'),
);
