import type { Integration } from '../registry/integration-schema.ts';
import type { IdpMetadataStatus } from '../upstream/saml/idp-metadata-store.ts';
import { integrationReports } from './integration-report.ts';

export interface WarningLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * The node's daily integration warnings (docs/integrations: "warns before the certificate or metadata
 * expires"; operations.md "Integrations"): one log line per warning of an active integration, for the
 * operators' alerting. `passi integrations` shows the same on demand.
 */
export async function logIntegrationWarnings(input: {
  publicUrl: string;
  now: Date;
  /** The registry's integrations with their stored secrets. */
  integrations: readonly { integration: Integration; secrets: Record<string, string> }[];
  metadataStatus: (integrationId: string) => Promise<IdpMetadataStatus | undefined>;
  log: WarningLog;
}): Promise<void> {
  const secretsById = new Map(input.integrations.map((e) => [e.integration.id, e.secrets]));
  const reports = await integrationReports({
    publicUrl: input.publicUrl,
    now: input.now,
    integrations: input.integrations.map((e) => e.integration).filter((i) => i.status === 'active'),
    metadataStatus: input.metadataStatus,
    // As `passi integrations` (cli/integrations-command.ts): which secrets are stored, for the warning
    // that a client secret's expiry date is not recorded.
    secretNames: (id) => Object.keys(secretsById.get(id) ?? {}),
  });
  for (const r of reports)
    for (const w of r.warnings)
      input.log.warn({ integrationId: r.id, flowName: r.flowName }, `integration ${r.id}: ${w}`);
}
