import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKeyAndCertificate } from './keys.ts';
import { loadSigningCredential } from './signing-credential.ts';

describe('generateKeyAndCertificate', () => {
  for (const type of ['rsa-2048', 'rsa-3072', 'ec-p256'] as const) {
    it(`${type}: a self-signed certificate that node:crypto and openssl parse`, () => {
      const now = new Date('2026-11-28T10:00:00Z');
      const k = generateKeyAndCertificate({ type, commonName: 'Passi SAML signing ä', now, validDays: 30 });
      const cert = new X509Certificate(k.certificatePem);
      expect(cert.subject).toBe('CN=Passi SAML signing ä');
      expect(cert.verify(cert.publicKey)).toBe(true);
      expect(new Date(cert.validTo).getTime()).toBe(now.getTime() + 30 * 86_400_000);
      expect(loadSigningCredential(k.privateKeyPem, k.certificatePem).privateKey.asymmetricKeyType).toBe(
        type === 'ec-p256' ? 'ec' : 'rsa',
      );
      const openssl = spawnSync('openssl', ['x509', '-noout', '-text'], {
        input: k.certificatePem,
        encoding: 'utf8',
      });
      if (openssl.status !== null && openssl.error === undefined) {
        expect(openssl.stdout).toContain(
          type === 'ec-p256' ? 'ecdsa-with-SHA256' : 'sha256WithRSAEncryption',
        );
      }
    });
  }

  it('with host names: a subjectAltName that TLS clients match the host against', () => {
    const k = generateKeyAndCertificate({
      type: 'ec-p256',
      commonName: 'school.example',
      dnsNames: ['school.example', 'www.school.example'],
    });
    const cert = new X509Certificate(k.certificatePem);
    expect(cert.subjectAltName).toBe('DNS:school.example, DNS:www.school.example');
    expect(cert.checkHost('www.school.example')).toBe('www.school.example');
    expect(cert.checkHost('other.example')).toBeUndefined();
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  it('refuses a certificate that does not match the key', () => {
    const a = generateKeyAndCertificate({ commonName: 'a' });
    const b = generateKeyAndCertificate({ type: 'ec-p256', commonName: 'b' });
    expect(() => loadSigningCredential(a.privateKeyPem, b.certificatePem)).toThrow(/does not match/);
  });
});
