import { X509Certificate } from 'node:crypto';

/** What a person checks of a registered certificate: whose it is and until when it is valid. */
export interface CertificateSummary {
  subject: string;
  /** ISO 8601; null when the text is no readable X.509 (the registry's checks refuse those on save). */
  notAfter: string | null;
}

/** A registry certificate (PEM, or the bare base64 of SAML metadata's ds:X509Certificate), summarised. */
export function certificateSummary(text: string): CertificateSummary {
  const pem = text.includes('-----BEGIN')
    ? text
    : `-----BEGIN CERTIFICATE-----\n${text.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`;
  try {
    const cert = new X509Certificate(pem);
    return { subject: cert.subject.replace(/\n/g, ', '), notAfter: new Date(cert.validTo).toISOString() };
  } catch {
    return { subject: '?', notAfter: null };
  }
}
