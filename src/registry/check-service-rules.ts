import { X509Certificate } from 'node:crypto';
import type { ValidationIssue } from '../core/errors.ts';
import type { Service } from './service-schema.ts';

/**
 * Rules from https://wiki.eduuni.fi/display/OPHPALV/Connecting+a+service that a schema alone cannot say: production addresses are https
 * and never localhost, no fragments, certificates parse and are valid now, signed requests need a key.
 * Returns errors and warnings (a certificate valid for less than six months is a warning).
 */
export function checkServiceRules(
  service: Service,
  path: string,
  now: Date,
): { errors: ValidationIssue[]; warnings: ValidationIssue[] } {
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const production = service.deploymentPhase !== 'test';

  const checkUrl = (url: string, at: string) => {
    const u = new URL(url);
    if (u.hash || url.includes('#')) errors.push({ path: at, message: 'must not contain a fragment (#)' });
    // RFC 3986 §3.2.1: user information in an address is deprecated and hides where it really points.
    if (u.username || u.password)
      errors.push({ path: at, message: 'must not contain user information (user@)' });
    if (production && u.protocol !== 'https:')
      errors.push({ path: at, message: 'must use https in production' });
    if (production && isLocalhost(u.hostname))
      errors.push({ path: at, message: 'must not point to localhost in production' });
  };

  const checkCert = (pem: string, at: string) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(toPem(pem));
    } catch {
      errors.push({ path: at, message: 'is not a parseable X.509 certificate' });
      return;
    }
    const validFrom = new Date(cert.validFrom);
    const validTo = new Date(cert.validTo);
    if (validTo < now) errors.push({ path: at, message: `expired on ${validTo.toISOString().slice(0, 10)}` });
    else if (validFrom > now)
      errors.push({ path: at, message: `not valid before ${validFrom.toISOString().slice(0, 10)}` });
    else if (validTo.getTime() - now.getTime() < 183 * 86_400_000) {
      warnings.push({
        path: at,
        message: `valid for less than six months (until ${validTo.toISOString().slice(0, 10)})`,
      });
    }
  };

  if (service.protocol === 'saml') {
    service.saml.acs.forEach((acs, i) => {
      checkUrl(acs.location, `${path}.saml.acs[${i}].location`);
    });
    const indexes = service.saml.acs.map((a) => a.index);
    if (new Set(indexes).size !== indexes.length)
      errors.push({ path: `${path}.saml.acs`, message: 'ACS indexes must be unique' });
    if (service.saml.acs.filter((a) => a.isDefault).length > 1) {
      errors.push({ path: `${path}.saml.acs`, message: 'at most one ACS may be the default' });
    }
    service.saml.signingCertificates.forEach((c, i) => {
      checkCert(c, `${path}.saml.signingCertificates[${i}]`);
    });
    service.saml.encryptionCertificates.forEach((c, i) => {
      checkCert(c, `${path}.saml.encryptionCertificates[${i}]`);
    });
    if (service.saml.authnRequestsSigned && service.saml.signingCertificates.length === 0) {
      errors.push({
        path: `${path}.saml.signingCertificates`,
        message: 'at least one signing certificate is required when authnRequestsSigned is true',
      });
    }
    service.saml.logoutReturnUrls.forEach((u, i) => {
      checkUrl(u, `${path}.saml.logoutReturnUrls[${i}]`);
    });
  } else {
    service.oidc.redirectUris.forEach((u, i) => {
      checkUrl(u, `${path}.oidc.redirectUris[${i}]`);
    });
    service.oidc.postLogoutRedirectUris.forEach((u, i) => {
      checkUrl(u, `${path}.oidc.postLogoutRedirectUris[${i}]`);
    });
    const method = service.oidc.tokenEndpointAuthMethod;
    if (method === 'private_key_jwt' && !service.oidc.jwks) {
      errors.push({ path: `${path}.oidc.jwks`, message: 'is required for private_key_jwt' });
    }
  }
  return { errors, warnings };
}

function isLocalhost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\./.test(host);
}

/** Accepts a PEM or the bare base64 body SAML metadata carries. */
export function toPem(text: string): string {
  if (text.includes('-----BEGIN')) return text;
  const body = text.replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;
}
