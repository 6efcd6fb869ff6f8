import type { Integration } from '../registry/integration-schema.ts';
import type { ConnectorModule } from '../upstream/connector-module.ts';
import { CONNECTOR_MODULES, type IntegrationType } from '../upstream/index.ts';
import type { IdpMetadataStatus } from '../upstream/saml/idp-metadata-store.ts';

/** Warn this many days before a school's metadata, certificate or client secret expires. */
export const EXPIRY_WARNING_DAYS = 30;

export interface IntegrationReport {
  id: string;
  type: Integration['type'];
  flowName: string;
  deploymentPhase: Integration['deploymentPhase'];
  status: Integration['status'];
  /** What school IT enters on their side (docs/integrations/<type>.md), label → value. */
  configure: [string, string][];
  /** Expired or expiring metadata, certificates and secrets; failed metadata refreshes. */
  warnings: string[];
}

/**
 * The values each integration's school enters at their registry and what is about to break
 * (docs/integrations/*.md "Passi shows", "warns before … expires"). Used by `passi integrations` and by
 * the node's daily warning log (operations.md).
 */
export async function integrationReports(input: {
  publicUrl: string;
  now: Date;
  integrations: readonly Integration[];
  metadataStatus: (integrationId: string) => Promise<IdpMetadataStatus | undefined>;
  /** Names of the integration's stored (write-only) secrets; absent = not known, no secret warnings. */
  secretNames?: (integrationId: string) => readonly string[];
}): Promise<IntegrationReport[]> {
  const reports: IntegrationReport[] = [];
  for (const integration of input.integrations) {
    const warnings: string[] = [];
    const settings = integration.settings;
    const samlLogin = settings.kind === 'saml' || (settings.kind === 'entra' && settings.login === 'saml');
    if (samlLogin) {
      const status = await input.metadataStatus(integration.id);
      if (!status) warnings.push("the school's IdP metadata has not been fetched yet");
      else {
        expiry(warnings, 'the IdP metadata (validUntil)', status.validUntil, input.now);
        expiry(warnings, "the IdP's signing certificate", status.certificatesNotAfter, input.now);
        const changedAt = status.certificatesChangedAt;
        if (changedAt && input.now.getTime() - changedAt.getTime() < EXPIRY_WARNING_DAYS * 86_400_000) {
          warnings.push(
            `the IdP's signing certificates changed at a metadata refresh on ${changedAt.toISOString()} ` +
              `(before: ${(status.previousFingerprints ?? []).join(', ')}; now: ${status.fingerprints.join(', ')}): ` +
              "make sure the change is the school's",
          );
        }
        if (status.lastError) {
          const at = status.lastAttemptAt?.toISOString() ?? 'unknown time';
          warnings.push(`the last metadata refresh failed (${at}): ${status.lastError}`);
        }
      }
    }
    if (settings.kind === 'entra' || settings.kind === 'oidc') {
      const validUntil = settings.clientSecretValidUntil;
      const what = settings.kind === 'entra' ? 'the Entra client secret' : 'the client secret';
      if (validUntil) expiry(warnings, what, new Date(`${validUntil}T23:59:59Z`), input.now);
      // A client secret expires (Entra: at most 24 months) and logins stop that day; without its date
      // nothing can warn beforehand.
      else if (input.secretNames?.(integration.id).includes('clientSecret'))
        warnings.push(
          "the client secret's expiry date is not recorded (settings.clientSecretValidUntil): Passi cannot warn before logins stop",
        );
    }
    reports.push({
      id: integration.id,
      type: integration.type,
      flowName: integration.flowName,
      deploymentPhase: integration.deploymentPhase,
      status: integration.status,
      configure: configureValues(input.publicUrl, integration),
      warnings,
    });
  }
  return reports;
}

/** What school IT enters on their side: the integration's connector module says (src/upstream/index.ts). */
function configureValues(publicUrl: string, integration: Integration): [string, string][] {
  const module: ConnectorModule<IntegrationType> = CONNECTOR_MODULES[integration.type];
  const values = module.configure(integration, { base: publicUrl.replace(/\/+$/, '') });
  return values.map((v) => [v.label, v.value]);
}

function expiry(warnings: string[], what: string, until: Date | undefined, now: Date): void {
  if (!until) return;
  const days = Math.floor((until.getTime() - now.getTime()) / 86_400_000);
  if (until.getTime() <= now.getTime()) warnings.push(`${what} expired on ${until.toISOString()}`);
  else if (days < EXPIRY_WARNING_DAYS)
    warnings.push(`${what} expires on ${until.toISOString()} (in ${days} days)`);
}

/** Plain-text table for the CLI. */
export function formatIntegrationReports(reports: readonly IntegrationReport[]): string {
  if (reports.length === 0) return 'no integrations in the registry';
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`integration ${r.id} (${r.type}, flow ${r.flowName}, ${r.deploymentPhase}, ${r.status})`);
    for (const [label, value] of r.configure) lines.push(`  ${label}: ${value}`);
    for (const w of r.warnings) lines.push(`  WARNING: ${w}`);
  }
  const warned = reports.filter((r) => r.warnings.length > 0).length;
  lines.push('', `${reports.length} integrations, ${warned} with warnings`);
  return lines.join('\n');
}
