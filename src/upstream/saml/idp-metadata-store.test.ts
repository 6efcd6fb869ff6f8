import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { buildIdpMetadata } from '../../protocols/saml/idp-metadata.ts';
import { generateKeyAndCertificate } from '../../protocols/saml/keys.ts';
import { loadSigningCredential } from '../../protocols/saml/signing-credential.ts';
import { createTestDb, type TestDb } from '../../store/testing/test-db.ts';
import { createIdpMetadataStore } from './idp-metadata-store.ts';

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
