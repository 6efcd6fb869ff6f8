import { systemClock } from '../core/clock.ts';
import { formatIntegrationReports, integrationReports } from '../ops/integration-report.ts';
import type { RegistryRepository } from '../registry/registry-repository.ts';
import type { Db } from '../store/database.ts';
import { createIdpMetadataStore } from '../upstream/saml/idp-metadata-store.ts';

/** `passi integrations`: what each school configures and what is about to expire. */
export async function integrationsCommand(
  db: Db,
  repo: RegistryRepository,
  publicUrl: string,
): Promise<number> {
  const metadata = createIdpMetadataStore({ db, clock: systemClock });
  const entries = await repo.list('integration');
  const secretNames = new Map(entries.map((e) => [e.id, Object.keys(e.secrets)]));
  const reports = await integrationReports({
    publicUrl,
    now: systemClock.now(),
    integrations: entries.map((e) => e.doc),
    metadataStatus: (id) => metadata.status(id),
    secretNames: (id) => secretNames.get(id) ?? [],
  });
  console.log(formatIntegrationReports(reports));
  return 0;
}
