import { systemClock } from '../core/clock.ts';
import { formatIntegrationReports, integrationReports } from '../ops/integration-report.ts';
import type { RegistryRepository } from '../registry/registry-repository.ts';
import type { Db } from '../store/database.ts';
import { createIdpMetadataStore } from '../upstream/saml/idp-metadata-store.ts';

/** `passi integrations`: what each school configures and what is about to expire (issue 6 docs). */
export async function integrationsCommand(
  db: Db,
  repo: RegistryRepository,
  publicUrl: string,
): Promise<number> {
  const metadata = createIdpMetadataStore({ db, clock: systemClock });
  const integrations = (await repo.list('integration')).map((e) => e.doc);
  const reports = await integrationReports({
    publicUrl,
    now: systemClock.now(),
    integrations,
    metadataStatus: (id) => metadata.status(id),
  });
  console.log(formatIntegrationReports(reports));
  return 0;
}
