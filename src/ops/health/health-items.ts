import { X509Certificate } from 'node:crypto';
import type { Integration } from '../../registry/integration-schema.ts';
import type { Service } from '../../registry/service-schema.ts';
import type { IdpMetadataStatus } from '../../upstream/saml/idp-metadata-store.ts';
import { EXPIRY_WARNING_DAYS } from '../integration-report.ts';

/** What needs attention (docs/portal.md "Needs attention"). */
export const HEALTH_PROBLEMS = [
  'idp-metadata-expiry',
  'idp-certificate-expiry',
  'client-secret-expiry',
  'service-certificate-expiry',
  'metadata-refresh-failed',
  'metadata-not-fetched',
  'never-tested',
] as const;
export type HealthProblem = (typeof HEALTH_PROBLEMS)[number];

/** The problems that expire on a date: the ones the expiry mail is about. */
export const EXPIRY_PROBLEMS: readonly HealthProblem[] = [
  'idp-metadata-expiry',
  'idp-certificate-expiry',
  'client-secret-expiry',
  'service-certificate-expiry',
];

export interface HealthItem {
  organisationId: string;
  entity: { kind: 'integration' | 'service'; id: string; name: Record<string, string> };
  problem: HealthProblem;
  /** For an expiry: when; `daysLeft` is negative once it has passed. */
  expiresAt?: Date;
  daysLeft?: number;
  /** The last refresh error as the metadata store recorded it. */
  detail?: string;
}

/**
 * Test-login results, wired by the test-login feature: when the integration last passed a test login.
 * Absent means "not known" (the health view then reports nothing about testing), `undefined` from the
 * port means "never".
 */
export interface TestLoginResults {
  lastPassedTestAt(integrationId: string): Promise<Date | undefined>;
}

export interface HealthInput {
  now: Date;
  integrations: readonly Integration[];
  services: readonly Service[];
  metadataStatus: (integrationId: string) => Promise<IdpMetadataStatus | undefined>;
  testLogins?: TestLoginResults;
}

const DAY_MS = 86_400_000;

/** Days from `now` to `until`, rounded down (negative when passed). */
export const daysLeft = (until: Date, now: Date) => Math.floor((until.getTime() - now.getTime()) / DAY_MS);

/**
 * Everything about to break in the given integrations and services (problems without a date first, then by
 * days left), by the same rules and window as the
 * operators' warning log (integration-report.ts): certificates, metadata validUntil and client secrets
 * expiring within EXPIRY_WARNING_DAYS, failed or missing metadata refreshes, integrations never tested.
 */
export async function healthItems(input: HealthInput): Promise<HealthItem[]> {
  const items: HealthItem[] = [];
  const expiring = (base: Omit<HealthItem, 'problem'>, problem: HealthProblem, until: Date | undefined) => {
    if (!until) return;
    const days = daysLeft(until, input.now);
    if (days < EXPIRY_WARNING_DAYS) items.push({ ...base, problem, expiresAt: until, daysLeft: days });
  };
  for (const integration of input.integrations) {
    const base = {
      organisationId: integration.organisationOid,
      entity: {
        kind: 'integration' as const,
        id: integration.id,
        name: { ...(integration.discovery?.displayName ?? {}) },
      },
    };
    const settings = integration.settings;
    const samlLogin = settings.kind === 'saml' || (settings.kind === 'entra' && settings.login === 'saml');
    if (samlLogin) {
      const status = await input.metadataStatus(integration.id);
      if (!status) items.push({ ...base, problem: 'metadata-not-fetched' });
      else {
        expiring(base, 'idp-metadata-expiry', status.validUntil);
        expiring(base, 'idp-certificate-expiry', status.certificatesNotAfter);
        if (status.lastError)
          items.push({ ...base, problem: 'metadata-refresh-failed', detail: status.lastError });
      }
    }
    if ((settings.kind === 'entra' || settings.kind === 'oidc') && settings.clientSecretValidUntil)
      expiring(base, 'client-secret-expiry', new Date(`${settings.clientSecretValidUntil}T23:59:59Z`));
    if (input.testLogins && (await input.testLogins.lastPassedTestAt(integration.id)) === undefined)
      items.push({ ...base, problem: 'never-tested' });
  }
  for (const service of input.services) {
    if (service.protocol !== 'saml') continue;
    const base = {
      organisationId: service.organisationOid,
      entity: { kind: 'service' as const, id: service.id, name: { ...service.name } },
    };
    const certificates = [...service.saml.signingCertificates, ...service.saml.encryptionCertificates];
    const notAfter = certificates
      .map(certificateNotAfter)
      .filter((d): d is Date => d !== undefined)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    expiring(base, 'service-certificate-expiry', notAfter);
  }
  return items.sort(
    (a, b) =>
      (a.daysLeft ?? -Infinity) - (b.daysLeft ?? -Infinity) ||
      a.organisationId.localeCompare(b.organisationId) ||
      a.entity.id.localeCompare(b.entity.id),
  );
}

/** A registry certificate's notAfter: PEM, or the bare base64 of SAML metadata's ds:X509Certificate. */
export function certificateNotAfter(text: string): Date | undefined {
  const pem = text.includes('-----BEGIN')
    ? text
    : `-----BEGIN CERTIFICATE-----\n${text.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`;
  try {
    return new Date(new X509Certificate(pem).validTo);
  } catch {
    return undefined;
  }
}
