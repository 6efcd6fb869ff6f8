import { describe, expect, it } from 'vitest';
import { generateKeyAndCertificate } from './keys.ts';
import { MAX_SP_METADATA_BYTES, readSpMetadata } from './read-sp-metadata.ts';
import { buildSpMetadata } from './sp-metadata.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const DAY = 86_400_000;
const cert = (validFrom: Date, validDays: number) =>
  generateKeyAndCertificate({ type: 'ec-p256', commonName: 'sp.example.fi', now: validFrom, validDays })
    .certificatePem;
const valid = cert(NOW, 365);

const metadata = (signing: string[], encryption: string[] = []) =>
  buildSpMetadata({
    entityId: 'https://sp.example.fi/saml',
    validUntil: new Date(NOW.getTime() + 30 * DAY),
    signingCertificatesPem: signing,
    encryptionCertificatesPem: encryption,
    assertionConsumerServices: ['https://sp.example.fi/acs', 'https://sp.example.fi/acs2'],
  });

const reasonOf = (xml: string): unknown => {
  try {
    readSpMetadata(xml, NOW);
  } catch (err) {
    return Reflect.get(Object(Reflect.get(Object(err), 'detail')), 'reason');
  }
  return 'accepted';
};

describe('readSpMetadata (SAML Metadata 2.0 §2.4.4; Connecting a service 2.6: a signing certificate is required)', () => {
  it('reads the entity id, HTTP-POST endpoints and certificates', () => {
    const sp = readSpMetadata(metadata([valid], [valid]), NOW);
    expect(sp.entityId).toBe('https://sp.example.fi/saml');
    expect(sp.acs).toEqual([
      { location: 'https://sp.example.fi/acs', index: 0, isDefault: true },
      { location: 'https://sp.example.fi/acs2', index: 1, isDefault: false },
    ]);
    expect(sp.signingCertificates).toHaveLength(1);
    expect(sp.encryptionCertificates).toHaveLength(1);
    expect(valid.replace(/-----[A-Z ]+-----|\s/g, '')).toBe(sp.signingCertificates[0]);
  });

  it.each([
    ['no signing certificate', metadata([], [valid]), 'no-signing-certificate'],
    [
      'an expired certificate',
      metadata([cert(new Date(NOW.getTime() - 400 * DAY), 30)]),
      'certificate-expired',
    ],
    ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY a "b">]>${metadata([valid])}`, 'doctype'],
    ['not XML', 'this is not metadata', 'not-xml'],
    ['HTML', '<html><body>Sign in</body></html>', 'not-entity-descriptor'],
    ['too large', `${metadata([valid])}<!--${'x'.repeat(MAX_SP_METADATA_BYTES)}-->`, 'too-large'],
    ['no HTTP-POST endpoint', metadata([valid]).replaceAll('HTTP-POST', 'HTTP-Artifact'), 'no-acs'],
  ])('refuses %s', (_name, xml, reason) => {
    expect(reasonOf(xml)).toBe(reason);
  });
});
